"""Domain modules. Each folder follows the module contract (see contract.py)."""
