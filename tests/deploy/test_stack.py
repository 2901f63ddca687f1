"""deploy/: what can be checked without a Docker engine. promtool (Debian's prometheus) checks the
Prometheus configuration and alert rules; the dashboards are valid JSON whose queries are valid
PromQL (checked by promtool as recording rules); every metric named by a rule or a dashboard is
one that a live `mpanel serve` exports (names from the HELP/TYPE lines of a real scrape); the
compose file is valid YAML whose services are wired together and whose MPanel variables are
settings that exist."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from mpanel.settings import Settings
from tests.integration.conftest import LiveServer

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DASHBOARDS = sorted((DEPLOY / "grafana" / "dashboards").glob("*.json"))
RULES = sorted((DEPLOY / "prometheus" / "rules").glob("*.yml"))
# Series Prometheus itself attaches to every target.
PROMETHEUS_OWN = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}

pytestmark = pytest.mark.skipif(shutil.which("promtool") is None, reason="needs promtool: bash scripts/ensure-debs.sh")


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["promtool", *args], capture_output=True, text=True, timeout=60)


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    return loaded


def dashboard_queries() -> list[tuple[str, str]]:
    """(dashboard, PromQL) for every Prometheus target and template variable."""
    found = []
    for path in DASHBOARDS:
        board = json.loads(path.read_text())
        for panel in board["panels"]:
            for target in panel["targets"]:
                if target["datasource"]["type"] == "prometheus":
                    found.append((path.name, target["expr"]))
        for variable in board["templating"]["list"]:
            query = variable["query"]["query"]
            match = re.fullmatch(r"label_values\((\w+),\s*\w+\)", query)
            assert match, f"{path.name}: unexpected variable query {query}"
            found.append((path.name, match.group(1)))
    return [(name, expr.replace("$tenant", ".*")) for name, expr in found]


def rule_queries() -> list[tuple[str, str]]:
    return [
        (path.name, rule["expr"])
        for path in RULES
        for group in yaml.safe_load(path.read_text())["groups"]
        for rule in group["rules"]
    ]


_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset"}


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects: identifiers that are neither functions,
    keywords, label names (inside braces or grouping clauses) nor inside strings or ranges."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)
    text = re.sub(r"\{[^}]*\}", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)
    names = set()
    for match in re.finditer(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?", text):
        name, call = match.group(1), match.group(2)
        if not call and name not in _KEYWORDS and name not in {"inf", "nan"}:
            names.add(name)
    return names


def exported_names(body: str) -> set[str]:
    names: set[str] = set()
    for kind_line in re.finditer(r"^# TYPE (\S+) (\S+)$", body, re.MULTILINE):
        name, kind = kind_line.groups()
        names.add(name)
        if kind in {"histogram", "summary"}:
            names |= {f"{name}_bucket", f"{name}_count", f"{name}_sum", f"{name}_created"}
        if kind == "counter":
            names |= {f"{name}_total", f"{name}_created"}
    names |= set(re.findall(r"^# HELP (\S+) ", body, re.MULTILINE))
    return names


class TestPrometheus:
    def test_promtool_accepts_the_configuration(self, tmp_path: Path) -> None:
        """Paths inside the container are mapped onto a temporary copy."""
        rules = tmp_path / "rules"
        shutil.copytree(DEPLOY / "prometheus" / "rules", rules)
        token = tmp_path / "metrics_token"
        token.write_text("token\n")
        config = (DEPLOY / "prometheus" / "prometheus.yml").read_text()
        config = config.replace("/etc/prometheus/rules", str(rules)).replace("/run/secrets/metrics_token", str(token))
        (tmp_path / "prometheus.yml").write_text(config)
        result = promtool("check", "config", str(tmp_path / "prometheus.yml"))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "SUCCESS" in result.stdout + result.stderr

    def test_promtool_accepts_the_alert_rules(self) -> None:
        result = promtool("check", "rules", *map(str, RULES))
        assert result.returncode == 0, result.stdout + result.stderr

    def test_the_issue_s_alerts_exist(self) -> None:
        alerts = {
            rule["alert"] for path in RULES for g in yaml.safe_load(path.read_text())["groups"] for rule in g["rules"]
        }
        assert {
            "MPanelApiDown",
            "MPanelHighErrorRate",
            "MPanelHighLatencyP95",
            "MPanelJobBacklog",
            "MPanelBillingRunFailed",
            "MPanelNodeOffline",
        } <= alerts

    def test_scrape_and_alertmanager_targets_are_compose_services(self) -> None:
        config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
        services = set(compose()["services"])
        statics = [static for job in config["scrape_configs"] for static in job["static_configs"]]
        statics += [static for am in config["alerting"]["alertmanagers"] for static in am["static_configs"]]
        assert any("alertmanager:9093" in static["targets"] for static in statics)
        for static in statics:
            for target in static["targets"]:
                host = target.split(":")[0]
                assert host == "localhost" or host in services, target


@pytest.mark.skipif(shutil.which("amtool") is None, reason="needs amtool: bash scripts/ensure-debs.sh")
class TestAlertmanager:
    def test_amtool_accepts_the_configuration(self) -> None:
        result = subprocess.run(
            ["amtool", "check-config", str(DEPLOY / "alertmanager" / "alertmanager.yml")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "SUCCESS" in result.stdout

    def test_critical_alerts_route_to_the_urgent_receiver_and_warnings_to_ops(self) -> None:
        config = str(DEPLOY / "alertmanager" / "alertmanager.yml")
        for labels, receiver in (("severity=critical", "ops-urgent"), ("severity=warning", "ops")):
            result = subprocess.run(
                ["amtool", "config", "routes", "test", f"--config.file={config}", "alertname=Any", labels],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.stdout.strip() == receiver, result.stdout + result.stderr

    def test_the_relay_password_is_a_compose_secret(self) -> None:
        stack = compose()
        password_file = yaml.safe_load((DEPLOY / "alertmanager" / "alertmanager.yml").read_text())["global"][
            "smtp_auth_password_file"
        ]
        secret = password_file.removeprefix("/run/secrets/")
        assert secret in stack["secrets"]
        assert secret in stack["services"]["alertmanager"]["secrets"]


class TestDashboards:
    def test_the_four_dashboards_are_valid_json_with_unique_uids(self) -> None:
        boards = [json.loads(path.read_text()) for path in DASHBOARDS]
        assert {path.stem for path in DASHBOARDS} == {"api-overview", "billing", "jobs", "nodes"}
        assert len({b["uid"] for b in boards}) == len(boards)
        for board in boards:
            assert board["panels"]
            assert all(panel["targets"] for panel in board["panels"])
            assert len({p["id"] for p in board["panels"]}) == len(board["panels"])

    def test_every_query_is_valid_promql(self, tmp_path: Path) -> None:
        """promtool parses PromQL when it checks rules: each query becomes a recording rule."""
        rules = [{"record": f"dashboard:query_{i}", "expr": expr} for i, (_, expr) in enumerate(dashboard_queries())]
        path = tmp_path / "dashboards.yml"
        path.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
        result = promtool("check", "rules", str(path))
        assert result.returncode == 0, result.stdout + result.stderr

    def test_datasources_point_at_compose_services(self) -> None:
        sources = yaml.safe_load((DEPLOY / "grafana/provisioning/datasources/datasources.yml").read_text())
        services = set(compose()["services"])
        uids = {s["uid"] for s in sources["datasources"]}
        for source in sources["datasources"]:
            assert httpx.URL(source["url"]).host in services
        for path in DASHBOARDS:
            for panel in json.loads(path.read_text())["panels"]:
                assert panel["datasource"]["uid"] in uids


@pytest.mark.slow
class TestQueriesNameExportedMetrics:
    def test_every_metric_in_rules_and_dashboards_is_exported_by_mpanel(self, api_server: LiveServer) -> None:
        body = httpx.get(f"{api_server.url}/api/metrics", timeout=30).text
        exported = exported_names(body) | PROMETHEUS_OWN
        missing = {
            (source, name)
            for source, expr in [*rule_queries(), *dashboard_queries()]
            for name in metric_names(expr)
            if name not in exported
        }
        assert missing == set()

    def test_the_name_extraction_sees_through_promql(self) -> None:
        expr = 'histogram_quantile(0.95, sum by (le, route) (rate(a_bucket{route!="/x",s=~"5.."}[5m]))) / b > 1e-9'
        assert metric_names(expr) == {"a_bucket", "b"}
        assert metric_names("count(x > 300) or vector(0)") == {"x"}


class TestCompose:
    def test_the_stack_has_every_service(self) -> None:
        services = compose()["services"]
        assert {
            "api",
            "worker",
            "migrate",
            "postgres",
            "redis",
            "minio",
            "minio-init",
            "prometheus",
            "alertmanager",
            "grafana",
            "loki",
            "promtail",
            "vault",
        } <= set(services)
        assert services["vault"]["profiles"] == ["vault"]
        assert "mc mb" in " ".join(services["minio-init"]["command"])

    def test_dependencies_name_existing_services(self) -> None:
        services = compose()["services"]
        for name, service in services.items():
            for dependency in service.get("depends_on", []):
                assert dependency in services, f"{name} depends on unknown {dependency}"

    def test_mpanel_variables_are_settings(self) -> None:
        known = {field.alias for field in Settings.model_fields.values() if field.alias} | {"FORWARDED_ALLOW_IPS"}
        services = compose()["services"]
        for name in ("api", "worker", "migrate"):
            unknown = set(services[name]["environment"]) - known
            assert unknown == set(), f"{name}: {unknown}"
        api = services["api"]["environment"]
        assert api["MPANEL_RUN_WORKER"] == "false"
        assert services["worker"]["environment"]["WORKER_METRICS_PORT"] == "9101"

    def test_mounted_files_exist(self) -> None:
        for service in compose()["services"].values():
            for volume in service.get("volumes", []):
                source = volume.split(":")[0]
                if source.startswith("./"):
                    assert (DEPLOY / source).exists(), source

    def test_the_image_is_multi_stage_uv_and_non_root(self) -> None:
        dockerfile = (DEPLOY / "Dockerfile").read_text()
        assert len(re.findall(r"^FROM ", dockerfile, re.MULTILINE)) >= 3
        assert "npm run build" in dockerfile
        assert "uv sync --frozen --no-dev" in dockerfile
        user = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
        assert user
        assert user[-1].split(":")[0] not in {"root", "0"}
