"""The README's tutorial is reproducible: its commands lead to exactly the `check` example it shows."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from helpers import SEED_ARTICLE

README = Path(__file__).parent.parent / "README.md"


def tutorial_commands(lines: list[str], until: str) -> list[list[str]]:
    """The commands of the indented code blocks from "## Tutorial" on, through ``until``."""
    start = next(number for number, line in enumerate(lines) if line.startswith("## Tutorial"))
    commands, number = [], start
    while number < len(lines):
        match = re.match(r"^    (?:\$ )?policytrack (.*)$", lines[number])
        if match:
            command = match.group(1)
            while command.endswith("\\"):
                number += 1
                command = command[:-1].rstrip() + " " + lines[number].strip()
            commands.append(shlex.split(command))
            if command == until:
                return commands
        number += 1
    raise AssertionError(f"the README has no `policytrack {until}` after its tutorial")


def shown_output(lines: list[str], command: str) -> list[str]:
    """The output the README shows under ``$ policytrack COMMAND``."""
    number = lines.index(f"    $ policytrack {command}") + 1
    output = []
    while number < len(lines) and lines[number].startswith("    ") and not lines[number].startswith("    $ "):
        output.append(lines[number][4:].rstrip())
        number += 1
    return output


def test_the_readme_check_example_follows_from_the_tutorial(cli, tmp_path, monkeypatch):
    lines = README.read_text(encoding="utf-8").splitlines()
    shutil.copy(SEED_ARTICLE, tmp_path / "seed-article.txt")  # the tutorial's --text-file seed-article.txt
    monkeypatch.chdir(tmp_path)

    *steps, check = tutorial_commands(lines, until="check")
    for step in steps:
        cli(*step, expect=None)  # the tutorial shows two refused commands too
    result = cli(*check, expect=None)

    assert [line.rstrip() for line in result.stdout.splitlines()] == shown_output(lines, "check")
