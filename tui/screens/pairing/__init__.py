"""名师带高徒 screens: programmes, a programme's proposal (pairs and unpaired with their
reasons, propose, accept), agreements. Declared in `module.py`."""
