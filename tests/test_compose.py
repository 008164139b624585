"""docker/compose.yaml: every long-running service comes back by itself and says whether it is
healthy (issue 13, item 4); one-shot services (migrate) do not restart."""

from __future__ import annotations

import yaml

from server.settings import PROJECT_ROOT

ONE_SHOT = {"migrate"}


def test_every_long_running_service_restarts_and_has_a_health_check():
    services = yaml.safe_load((PROJECT_ROOT / "docker" / "compose.yaml").read_text())["services"]
    assert {"postgres", "redis", "api", "worker"} <= set(services)
    for name, service in services.items():
        if name in ONE_SHOT:
            assert service.get("restart") == "no", name
            continue
        assert service.get("restart") == "unless-stopped", name
        assert service.get("healthcheck", {}).get("test"), name
