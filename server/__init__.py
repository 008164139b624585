"""Saishang (塞上): the server side — API, domain modules, jobs, bot."""

import os

# Piccolo finds its engine and apps through this module; set it before any
# table class is touched so every process agrees on one engine.
os.environ.setdefault("PICCOLO_CONF", "server.piccolo_conf")
