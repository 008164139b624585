"""docker/compose.yaml, read as Docker Compose reads it (containers cannot run here; the wheel test,
tests/deploy/test_wheel.py, stands in for the image): one image built once, migrations once before
the API and the worker, one installation key for every process, the payment channel stated,
and every long-running service restarting by itself with a health check over TCP."""

from __future__ import annotations

import re

import yaml

from server.settings import PROJECT_ROOT
from tests.deploy.test_wheel import SOURCES

DOCKER = PROJECT_ROOT / "docker"
ONE_SHOT = {"migrate"}
COMPOSE_TEXT = (DOCKER / "compose.yaml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
APP = {name for name, s in SERVICES.items() if s.get("image") == SERVICES["migrate"]["image"]}


def test_the_services_are_all_there():
    assert {"postgres", "redis", "migrate", "api", "worker"} <= set(SERVICES)
    assert APP == {"migrate", "api", "worker"}


def test_every_long_running_service_restarts_and_has_a_health_check():
    for name, service in SERVICES.items():
        if name in ONE_SHOT:
            assert service.get("restart") == "no", name
            assert "healthcheck" not in service, name
            continue
        assert service.get("restart") == "unless-stopped", name
        assert service.get("healthcheck", {}).get("test"), name


def test_health_checks_go_over_tcp_not_a_socket():
    """PostgreSQL's image answers on its socket during first-boot setup, before it is ready."""
    postgres = SERVICES["postgres"]["healthcheck"]["test"]
    assert postgres[:2] == ["CMD", "pg_isready"] and postgres[postgres.index("-h") + 1] == "127.0.0.1", postgres
    redis = SERVICES["redis"]["healthcheck"]["test"]
    assert "redis-cli" in redis and redis[redis.index("-h") + 1] == "127.0.0.1", redis
    assert "http://127.0.0.1:8000/" in " ".join(SERVICES["api"]["healthcheck"]["test"])
    assert SERVICES["worker"]["healthcheck"]["test"][1:] == ["saishang", "worker", "--check"]


def test_one_image_built_once_and_never_pulled():
    builders = [name for name, s in SERVICES.items() if "build" in s]
    assert builders == ["migrate"], builders
    assert SERVICES["migrate"]["build"] == {"context": "..", "dockerfile": "docker/Dockerfile"}
    for name in APP - {"migrate"}:
        assert SERVICES[name]["pull_policy"] == "never", name  # the image migrate built, not a registry's


def test_migrations_run_once_before_the_api_and_the_worker():
    assert SERVICES["migrate"]["command"] == ["saishang", "migrate"]
    for name in APP - {"migrate"}:
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends["postgres"] == {"condition": "service_healthy"}, name
        assert depends["redis"] == {"condition": "service_healthy"}, name
    assert SERVICES["migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_every_process_gets_the_same_installation_key_and_database():
    keys, urls = set(), set()
    for name in APP:
        env = SERVICES[name]["environment"]
        assert "SAISHANG_ID_KEY_FILE" in env or "SAISHANG_ID_KEY" in env, name
        keys.add((env.get("SAISHANG_ID_KEY_FILE"), env.get("SAISHANG_ID_KEY")))
        urls.add((env["DATABASE_URL"], env["REDIS_URL"]))
        assert SERVICES[name]["secrets"] == ["saishang_id_key"], name
    assert len(keys) == 1 and len(urls) == 1, (keys, urls)
    ((key_file, _),) = keys
    assert key_file == "/run/secrets/saishang_id_key"
    assert COMPOSE["secrets"]["saishang_id_key"] == {"file": "./secrets/id_key"}


def test_the_payment_channel_is_stated_not_left_to_chance():
    """Unset, relief would silently go to bank files: the compose file refuses to start until the
    operator sets the channel's URL, or sets it empty to choose bank files."""
    for name in APP:
        value = SERVICES[name]["environment"]["SAISHANG_PAYMENT_CHANNEL_URL"]
        assert value.startswith("${SAISHANG_PAYMENT_CHANNEL_URL?"), value  # `?`: an error when unset


def test_the_env_example_sets_every_variable_the_compose_file_requires():
    required = set(re.findall(r"\$\{(\w+):?\?", COMPOSE_TEXT))
    example = {
        line.split("=", 1)[0]
        for line in (DOCKER / "env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert required and required <= example, required - example


def test_the_image_is_built_from_what_the_wheel_test_installs_and_nothing_else():
    dockerfile = (DOCKER / "Dockerfile").read_text()
    copied = [part for line in dockerfile.splitlines() if line.startswith("COPY") for part in line.split()[1:-1]]
    assert sorted(copied) == sorted(SOURCES), copied
    ignored = {line.strip() for line in (PROJECT_ROOT / ".dockerignore").read_text().splitlines()}
    assert {".git", ".venv", "var", "docker/secrets", ".env"} <= ignored
    assert not ignored & set(SOURCES)
