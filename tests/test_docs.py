"""The README documents every command and starts with the two set-up commands."""

from tradegraph.cli import cli

from .helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    head = README[:600]
    assert head.index("make run") < head.index("make test")


def test_every_command_is_in_the_readme():
    for name in cli.commands:
        assert f"tradegraph {name}" in README, name


def test_exit_codes_are_documented():
    for code in ("0", "1", "2"):
        assert f"| {code} |" in README
