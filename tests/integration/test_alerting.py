"""The deploy stack's alerting path, with real daemons on loopback: Debian's Prometheus loads
deploy/prometheus/prometheus.yml and the real alert rules (their `for:` shortened), scrapes an
MPanel API that is down, and hands MPanelApiDown to Debian's Alertmanager running
deploy/alertmanager/alertmanager.yml, which e-mails the on-call addresses of its critical route
through an SMTP relay (aiosmtpd). Only addresses, ports and timings are rewritten."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.servers import SmtpServer, free_port, running_http_server

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
ALERTMANAGER = "prometheus-alertmanager"  # Debian's name for the alertmanager binary

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("prometheus") is None or shutil.which(ALERTMANAGER) is None,
        reason="needs prometheus and prometheus-alertmanager: bash scripts/ensure-debs.sh",
    ),
]


def alertmanager_config(smtp: SmtpServer) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((DEPLOY / "alertmanager" / "alertmanager.yml").read_text())
    relay = config["global"]
    relay["smtp_smarthost"] = f"{smtp.host}:{smtp.port}"
    relay["smtp_require_tls"] = False
    del relay["smtp_auth_username"], relay["smtp_auth_password_file"]
    config["route"]["group_wait"] = "1s"
    for route in config["route"]["routes"]:
        route["group_wait"] = "1s"
    return config


def prometheus_config(root: Path, alertmanager_port: int) -> dict[str, Any]:
    """The deploy configuration, with every rule firing at once and the API target on a port
    where nothing listens."""
    rules = root / "rules"
    rules.mkdir()
    for path in (DEPLOY / "prometheus" / "rules").glob("*.yml"):
        loaded = yaml.safe_load(path.read_text())
        for group in loaded["groups"]:
            for rule in group["rules"]:
                rule["for"] = "0s"
        (rules / path.name).write_text(yaml.safe_dump(loaded))
    (root / "metrics_token").write_text("token")
    config: dict[str, Any] = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    config["global"] = {"scrape_interval": "1s", "evaluation_interval": "1s"}
    config["rule_files"] = [str(rules / "*.yml")]
    config["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"] = [f"127.0.0.1:{alertmanager_port}"]
    api = next(job for job in config["scrape_configs"] if job["job_name"] == "mpanel-api")
    api["authorization"]["credentials_file"] = str(root / "metrics_token")
    api["static_configs"] = [{"targets": [f"127.0.0.1:{free_port()}"]}]
    config["scrape_configs"] = [api]
    return config


@pytest.fixture
def alerting_stack(smtp_server: SmtpServer, tmp_path: Path) -> Iterator[SmtpServer]:
    alertmanager_dir, prometheus_dir = tmp_path / "alertmanager", tmp_path / "prometheus"
    alertmanager_dir.mkdir()
    prometheus_dir.mkdir()
    (alertmanager_dir / "alertmanager.yml").write_text(yaml.safe_dump(alertmanager_config(smtp_server)))
    (prometheus_dir / "prometheus.yml").write_text(
        yaml.safe_dump(prometheus_config(prometheus_dir, am_port := free_port()))
    )
    alertmanager = [
        ALERTMANAGER,
        f"--config.file={alertmanager_dir / 'alertmanager.yml'}",
        f"--storage.path={alertmanager_dir / 'data'}",
        f"--web.listen-address=127.0.0.1:{am_port}",
        "--cluster.listen-address=",
    ]
    prom_port = free_port()
    prometheus = [
        "prometheus",
        f"--config.file={prometheus_dir / 'prometheus.yml'}",
        f"--storage.tsdb.path={prometheus_dir / 'data'}",
        f"--web.listen-address=127.0.0.1:{prom_port}",
    ]
    with (
        running_http_server(alertmanager, ready_url=f"http://127.0.0.1:{am_port}/-/ready", directory=alertmanager_dir),
        running_http_server(prometheus, ready_url=f"http://127.0.0.1:{prom_port}/-/ready", directory=prometheus_dir),
    ):
        yield smtp_server


def first_mail(smtp: SmtpServer, timeout: float = 60) -> EmailMessage:
    deadline = time.monotonic() + timeout
    while not smtp.mailbox.messages:
        assert time.monotonic() < deadline, "Alertmanager sent no e-mail"
        time.sleep(0.2)
    return smtp.mailbox.messages[0]


class TestAlerting:
    def test_an_api_that_is_down_pages_the_on_call_addresses_by_mail(self, alerting_stack: SmtpServer) -> None:
        message = first_mail(alerting_stack)
        assert "[FIRING:1] MPanelApiDown" in str(message["Subject"])
        assert message["From"] == "alerts@example.com"
        sender, recipients = alerting_stack.mailbox.envelopes[0]
        assert sender == "alerts@example.com"
        assert set(recipients) == {"ops@example.com", "oncall@example.com"}  # the critical route's receiver
        body = message.get_body(("plain", "html"))
        assert body is not None
        assert "is not answering scrapes" in body.get_content()
