"""三单 screens (workers' voice): the federation's queue of acceptance forms by deadline,
demand orders with their complaints, the complaint box with paper complaints entered
through a form, resolving a form behind a confirmation. Declared in `module.py`."""
