"""The README's tutorial is reproducible: its commands lead to exactly the `check` example it shows,
and its "Fixing mistakes" commands, run after them, print exactly what it shows."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from helpers import SEED_ARTICLE

README = Path(__file__).parent.parent / "README.md"
COMMAND = re.compile(r"^    (?:\$ )?policytrack (.*)$")
# `... --text-file - <<'EOF'`: the lines up to EOF are the command's standard input.
HEREDOC = re.compile(r"\s*<<'?(\w+)'?$")


def commands_from(lines: list[str], number: int) -> tuple[list[str], str | None, int]:
    """The command at line ``number`` (continued over ``\\`` lines), its standard input, and
    the number of the line after it."""
    command = COMMAND.match(lines[number]).group(1)
    while command.endswith("\\"):
        number += 1
        command = command[:-1].rstrip() + " " + lines[number].strip()
    number += 1
    stdin = None
    heredoc = HEREDOC.search(command)
    if heredoc:
        command, end, text = command[:heredoc.start()], heredoc.group(1), []
        while lines[number].strip() != end:
            text.append(lines[number][4:])
            number += 1
        stdin, number = "\n".join(text) + "\n", number + 1
    return shlex.split(command), stdin, number


def tutorial_commands(lines: list[str], until: str) -> list[tuple[list[str], str | None]]:
    """The commands of the indented code blocks from "## Tutorial" on, through ``until``."""
    number = next(number for number, line in enumerate(lines) if line.startswith("## Tutorial"))
    commands = []
    while number < len(lines):
        if COMMAND.match(lines[number]):
            args, stdin, number = commands_from(lines, number)
            commands.append((args, stdin))
            if shlex.join(args) == until:
                return commands
        else:
            number += 1
    raise AssertionError(f"the README has no `policytrack {until}` after its tutorial")


def shown_output(lines: list[str], command: str) -> list[str]:
    """The output the README shows under ``$ policytrack COMMAND``."""
    number = lines.index(f"    $ policytrack {command}") + 1
    return _output(lines, number)


def _output(lines: list[str], number: int) -> list[str]:
    output = []
    while number < len(lines) and lines[number].startswith("    ") and not lines[number].startswith("    $ "):
        output.append(lines[number][4:].rstrip())
        number += 1
    return output


def section_steps(lines: list[str], heading: str) -> list[tuple[list[str], str | None, list[str]]]:
    """Each ``$ policytrack`` command of a section, its standard input and the output shown under it."""
    number = lines.index(heading) + 1
    steps = []
    while number < len(lines) and not lines[number].startswith("## "):
        if lines[number].startswith("    $ policytrack "):
            args, stdin, number = commands_from(lines, number)
            steps.append((args, stdin, _output(lines, number)))
        else:
            number += 1
    return steps


def run_tutorial(cli, tmp_path, monkeypatch, lines: list[str]):
    """Runs the tutorial through its `check` in ``tmp_path``; returns the result of `check`."""
    shutil.copy(SEED_ARTICLE, tmp_path / "seed-article.txt")  # the tutorial's --text-file seed-article.txt
    monkeypatch.chdir(tmp_path)
    *steps, (check, _) = tutorial_commands(lines, until="check")
    for step, stdin in steps:
        cli(*step, input=stdin, expect=None)  # the tutorial shows two refused commands too
    return cli(*check, expect=None)


def test_the_readme_check_example_follows_from_the_tutorial(cli, tmp_path, monkeypatch):
    lines = README.read_text(encoding="utf-8").splitlines()
    result = run_tutorial(cli, tmp_path, monkeypatch, lines)
    assert [line.rstrip() for line in result.stdout.splitlines()] == shown_output(lines, "check")


def _as_shown(text: str) -> list[str]:
    """Output lines with what differs from run to run made alike: `history`'s times and user
    (the PostgreSQL role, or the operating-system user), and so the widths of its columns."""
    text = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "WHEN", text)
    return [" ".join(re.sub(r"^WHEN\s+\S+", "WHEN WHO", re.sub(r"-{3,}", "---", line)).split())
            for line in text.splitlines()]


def test_the_readme_fixing_mistakes_follows_from_the_tutorial(cli, tmp_path, monkeypatch):
    lines = README.read_text(encoding="utf-8").splitlines()
    run_tutorial(cli, tmp_path, monkeypatch, lines)
    steps = section_steps(lines, "## Fixing mistakes")
    assert {"rename", "merge", "edit"} <= {args[1] for args, _, _ in steps if len(args) > 1}
    for args, stdin, shown in steps:
        result = cli(*args, input=stdin, expect=None)  # output and errors, as a terminal shows them
        assert _as_shown(result.output) == _as_shown("\n".join(shown)), shlex.join(args)
