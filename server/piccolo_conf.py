"""Piccolo's configuration: the one engine and every app with migrations."""

from piccolo.conf.apps import AppRegistry

from server.infra.db import DB  # noqa: F401  (Piccolo looks for `DB` here)
from server.modules.registry import piccolo_apps

APP_REGISTRY = AppRegistry(apps=["server.platform.piccolo_app", *piccolo_apps()])
