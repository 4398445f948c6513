"""The deployment files hold together (docker is not running on these machines, so compose.yaml is checked
here and its processes are started directly by test_deploy_processes.py)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from littlegiant.cli.main import app

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
SETTINGS_SOURCES = (
    (ROOT / "src/littlegiant/web/config/settings.py").read_text(encoding="utf-8")
    + (ROOT / "src/littlegiant/web/config/environment.py").read_text(encoding="utf-8")
    + (DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8")
)


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def _cli_commands() -> set[str]:
    return {command.name or command.callback.__name__ for command in app.registered_commands}


def test_compose_starts_database_migration_web_worker_and_nginx_in_order():
    services = _compose()["services"]
    assert set(services) == {"db", "migrate", "web", "worker", "nginx"}
    assert services["migrate"]["command"] == ["littlegiant", "init"]
    assert services["web"]["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert services["worker"]["command"] == ["littlegiant", "worker"]
    assert {"init", "worker"} <= _cli_commands()
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for role in ("web", "worker"):
        assert (
            services[role]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        )
        assert services[role]["image"] == "littlegiant:latest"
        assert "uploads:/var/lib/littlegiant" in services[role]["volumes"]  # shared uploads
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert (ROOT / services["web"]["build"]["dockerfile"]).is_file()


def test_every_setting_the_deployment_sets_is_one_the_platform_reads():
    services = _compose()["services"]
    keys = {key for role in ("web", "worker", "migrate") for key in services[role]["environment"]}
    example = (DEPLOY / "littlegiant.env.example").read_text(encoding="utf-8")
    keys |= set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    unread = sorted(key for key in keys if f'"{key}"' not in SETTINGS_SOURCES)
    assert unread == []
    assert "DATABASE_URL" in keys and "LITTLEGIANT_SECRET_KEY" in keys


def test_nginx_proxies_to_where_gunicorn_listens():
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert "server 127.0.0.1:8000" in conf and "proxy_pass http://littlegiant" in conf
    assert '"LITTLEGIANT_BIND", "127.0.0.1:8000"' in SETTINGS_SOURCES
    assert "X-Forwarded-Proto $scheme" in conf and "client_max_body_size" in conf
    compose_conf = (DEPLOY / "nginx-compose.conf").read_text(encoding="utf-8")
    assert "server web:8000" in compose_conf


def test_systemd_units_run_the_web_and_the_worker_with_the_environment_file():
    web = (DEPLOY / "systemd/littlegiant-web.service").read_text(encoding="utf-8")
    worker = (DEPLOY / "systemd/littlegiant-worker.service").read_text(encoding="utf-8")
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/littlegiant/littlegiant.env" in unit
    assert "gunicorn -c /opt/littlegiant/deploy/gunicorn.conf.py" in web
    assert "littlegiant init" in web and "littlegiant worker" in worker
