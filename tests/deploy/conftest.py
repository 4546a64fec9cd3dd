"""Fixtures for the deployment tests: the real helm binary and cached chart renders.

None of these tests touch the database; they run with or without pytest-django.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
MINIMAL = REPO_ROOT / "deploy" / "values" / "minimal.yaml"
PRODUCTION = REPO_ROOT / "deploy" / "values" / "production.yaml"

Manifest = dict[str, Any]
Render = Callable[..., list[Manifest]]
RunHelm = Callable[..., subprocess.CompletedProcess[str]]


def _load_helm_tool() -> ModuleType:
    # deploy/ is not a package: load the script by path, once.
    module = sys.modules.get("helm_tool")
    if module is None:
        spec = importlib.util.spec_from_file_location(
            "helm_tool", REPO_ROOT / "deploy" / "helm_tool.py"
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["helm_tool"] = module
        spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def helm_tool() -> ModuleType:
    return _load_helm_tool()


@pytest.fixture(scope="session")
def helm_binary(helm_tool: ModuleType) -> Path:
    return helm_tool.fetch_helm()


@pytest.fixture(scope="session")
def run_helm(helm_tool: ModuleType, helm_binary: Path) -> RunHelm:
    """Run helm with the given args; returns the CompletedProcess (never raises on failure)."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - fixed binary, test-controlled args
            [str(helm_binary), *args],
            capture_output=True,
            text=True,
            check=False,
            env=helm_tool.helm_env(),
            cwd=REPO_ROOT,
            timeout=120,
        )

    return run


@pytest.fixture(scope="session")
def template(helm_tool: ModuleType, run_helm: RunHelm) -> RunHelm:
    """`helm template <release> <chart> ARGS...` without raising."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_helm(*helm_tool.template_args(list(args)))

    return run


@pytest.fixture(scope="session")
def render(template: RunHelm) -> Render:
    """Render the chart and parse the manifests; each distinct argument list renders once."""

    @cache
    def _render(args: tuple[str, ...]) -> tuple[Manifest, ...]:
        result = template(*args)
        assert result.returncode == 0, f"helm template {' '.join(args)} failed:\n{result.stderr}"
        return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)

    def render(*args: str) -> list[Manifest]:
        return list(_render(tuple(args)))

    return render


@pytest.fixture(scope="session")
def minimal(render: Render) -> list[Manifest]:
    return render("-f", str(MINIMAL))


@pytest.fixture(scope="session")
def production(render: Render) -> list[Manifest]:
    return render("-f", str(PRODUCTION))


@pytest.fixture(scope="session")
def minimal_values() -> dict[str, Any]:
    return yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def chart_meta() -> dict[str, Any]:
    return yaml.safe_load(
        (REPO_ROOT / "deploy" / "helm" / "socialeconomy" / "Chart.yaml").read_text("utf-8")
    )
