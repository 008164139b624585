"""`saishang --help` and every group's and command's `--help`: real words, no placeholders, every
option and argument explained, and each explanation printed as written (rich markup such as
`[dates]` once swallowed part of `calendar load --file`'s)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer
from typer.testing import CliRunner

from server.cli import app

PLACEHOLDER = re.compile(r"^\S+ commands\.?$", re.IGNORECASE)
BOX = re.compile(r"[│╭╮╰╯─┃━]+")


def commands(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    yield path, command
    if not hasattr(command, "list_commands"):
        return
    ctx = command.make_context("saishang", [], resilient_parsing=True)
    for name in sorted(command.list_commands(ctx)):  # the root's module groups load here (lazily)
        yield from commands(command.get_command(ctx, name), [*path, name])


def flat(text: str) -> str:
    return " ".join(BOX.sub(" ", text).split())


def test_every_group_and_command_has_real_help_for_itself_and_each_option():
    runner = CliRunner()
    walked = list(commands(typer.main.get_command(app), []))
    assert len(walked) > 50 and ["calendar", "load"] in [p for p, _ in walked]
    problems: list[str] = []
    for path, command in walked:
        name = " ".join(["saishang", *path])
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        if result.exit_code != 0 or "Usage" not in result.output:
            problems.append(f"{name}: --help failed: {result.output[-300:]}")
            continue
        shown = flat(result.output)
        text = " ".join((command.help or "").split())
        if not text or PLACEHOLDER.match(text):
            problems.append(f"{name}: help is {text!r}")
        for param in command.params:
            if param.name == "help":
                continue
            words = " ".join((getattr(param, "help", None) or "").split())
            if not words:
                problems.append(f"{name}: {param.param_type_name} {param.name} has no help")
            elif words.replace("\\[", "[") not in shown:
                problems.append(f"{name}: {param.name}'s help {words!r} is not shown as written")
    assert not problems, "\n".join(problems)
