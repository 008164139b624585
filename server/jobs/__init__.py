"""arq: the worker settings and the job registry. Module jobs live in each module's jobs.py."""
