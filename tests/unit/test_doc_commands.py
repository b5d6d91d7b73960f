"""The commands the README, CONTRIBUTING.md and docs/ show run as written: every `make`
target exists, and every `hf-crawl` command and flag in a shell example is one the CLI
has."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from hf_crawler.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))


def shell_lines() -> list[tuple[str, list[str]]]:
    """(page, words) of each command line in the pages' bash examples, without the
    variables set before it, its comment, a trailing `&` or a `$(...)` around it."""
    found = []
    for page in PAGES:
        for block in re.findall(r"```bash\n(.*?)```", page.read_text(), re.DOTALL):
            for line in block.splitlines():
                line = line.split("  #")[0].strip()
                inner = re.search(r"\$\(([^)]*hf-crawl[^)]*)\)", line)
                words = shlex.split(inner[1] if inner else line)
                while words and re.match(r"^[A-Z_]+=", words[0]):
                    words.pop(0)
                if words and words[-1] == "&":
                    words.pop()
                if words and (words[0] == "make" or words[0].endswith("hf-crawl")):
                    found.append((page.name, words))
    return found


LINES = shell_lines()


def options_of(command: click.Command) -> set[str]:
    return {name for p in command.params if isinstance(p, click.Option) for name in p.opts}


@pytest.mark.parametrize(("page", "words"), LINES, ids=[" ".join(w) for _, w in LINES])
def test_a_documented_command_exists_with_every_flag_it_shows(page: str, words: list[str]) -> None:
    if words[0] == "make":
        targets = [w for w in words[1:] if "=" not in w]
        assert set(targets) <= TARGETS, f"{page}: no make target {set(targets) - TARGETS}"
        return
    args = words[1:]
    assert isinstance(cli, click.Group)
    command: click.Command = cli
    if args and not args[0].startswith("-"):
        sub = cli.commands.get(args[0])
        assert sub is not None, f"{page}: hf-crawl has no command {args[0]}"
        command, args = sub, args[1:]
    flags = {a.split("=")[0] for a in args if a.startswith("--")}
    unknown = flags - options_of(command) - {"--help"}
    assert not unknown, f"{page}: hf-crawl {words[1]} has no {unknown}"


def test_the_pages_show_commands() -> None:
    assert len(LINES) > 20
