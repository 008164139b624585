"""A process that has imported the CLI once and forks a fresh child for each `saishang` command
a test runs (tests/cli_helpers.py). Starting Python and importing the server takes about two
seconds a command; a fork of this process takes milliseconds. The child is a process of its own,
as `python -m server.cli ARGS` would be: its own environment, working folder, argv, stdin from
/dev/null, stdout and stderr to files, its exit code; the CLI module runs afresh in it as
`__main__`. Nothing a command does reaches the next one: each starts from the state this process
had before its first fork.

Protocol, one JSON line each way on this process's stdin/stdout: a request
`{"args", "env", "cwd", "stdout", "stderr"}` is answered `{"pid": N}` once the child runs and
`{"code": N}` when it has ended."""

from __future__ import annotations

import atexit
import json
import os
import runpy
import sys
import traceback


def warm() -> None:
    """What the commands import, so their children need not."""
    import server.app  # noqa: F401
    import server.cli  # noqa: F401
    import server.platform.console  # noqa: F401
    from server.modules import registry

    registry.modules()
    for heavy in ("ortools.sat.python.cp_model", "openpyxl", "aiogram"):
        try:
            __import__(heavy)
        except ImportError:
            pass


def child(request: dict) -> None:
    code = 1
    try:
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
        os.dup2(os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("PICCOLO_CONF", "server.piccolo_conf")  # what importing `server` does
        sys.argv = ["-m", *request["args"]]
        sys.modules.pop("server.cli", None)  # as `python -m` finds it: imported only as __main__
        try:
            runpy.run_module("server.cli", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exit:
            if exit.code is None or isinstance(exit.code, int):
                code = exit.code or 0
            else:
                print(exit.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        try:
            atexit._run_exitfuncs()
        except BaseException:
            traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def main() -> None:
    warm()
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # nothing of this process's own reaches the replies
    sys.stdout.flush()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            child(request)
        replies.write(json.dumps({"pid": pid}) + "\n")
        _, status = os.waitpid(pid, 0)
        replies.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}) + "\n")


if __name__ == "__main__":
    main()
