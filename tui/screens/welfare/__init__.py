"""The welfare module's screens: hardship households, relief campaigns (create, preview,
approve, watch pay), illness applications and decisions. Declared in `module.py`."""
