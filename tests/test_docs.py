"""The README and --help document every command and subcommand, with an example; the README's
exit-code table matches the codes the errors carry."""

import re
import signal

import click
import pytest

from tradegraph import errors
from tradegraph.cli import cli

from .helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()):
    """Every command under the group, groups included: ("link",), ("link", "wikidata"), ..."""
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*prefix, name))


COMMANDS = list(_command_paths(cli))


def _exit_code_table() -> dict[int, str]:
    """README's "Exit codes" table: each code with its meaning (rows of one code joined)."""
    section = README.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    table: dict[int, str] = {}
    for code, meaning in re.findall(r"^\| (\d+) \| (.*) \|$", section, re.MULTILINE):
        table[int(code)] = (table.get(int(code), "") + " " + meaning).strip()
    return table


def test_readme_opens_with_the_two_commands():
    head = README[:600]
    assert head.index("make run") < head.index("make test")


def test_subcommands_are_found():
    assert {("link", "wikidata"), ("link", "eu-countries"), ("cache", "clear")} <= set(COMMANDS)
    assert ("import", "census") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(path, invoke):
    command = cli
    for name in path:
        command = command.commands[name]
    assert command.help
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    example = result.output.split("Example:", 1)[1]
    lines = [line.strip() for line in example.strip().splitlines()]
    assert lines and lines[0].startswith(f"tradegraph {' '.join(path)}"), lines[:1]


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"tradegraph {' '.join(path)}" in README


def test_exit_codes_are_documented():
    table = _exit_code_table()
    codes = {value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    interrupted = 128 + signal.SIGINT  # as shells report a process ended by Ctrl-C
    assert set(table) == codes | {interrupted}
    assert "success" in table[errors.EXIT_OK]
    assert "violations found" in table[errors.EXIT_VIOLATIONS]
    assert "does not validate" in table[errors.InvalidGraphError.exit_code]
    assert "unusable input" in table[errors.InputError.exit_code]
    assert "usage error" in table[errors.UsageError.exit_code]
    assert "remote SPARQL endpoint failed" in table[errors.RemoteError.exit_code]
    assert "interrupted" in table[interrupted]
