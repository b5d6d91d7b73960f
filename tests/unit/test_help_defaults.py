"""Every default a help string names is the setting's default, read from `Settings`: a
default that changes changes its help too."""

from __future__ import annotations

import dataclasses
import re

import click
import pytest

from hf_crawler.cli.main import cli
from hf_crawler.config.settings import Settings

DEFAULTS = {f.name: f.default for f in dataclasses.fields(Settings)}


def helps(command: click.Command) -> list[tuple[str, str]]:
    """(setting, help) of each option of `command` and its subcommands."""
    found = []
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            found.append((param.name or "", param.help))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            found += helps(sub)
    return found


def shown(value: object) -> str:
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# "(default 4)", "; default https://huggingface.co)", or "auto (default): ..."
NAMED_DEFAULT = re.compile(r"default ([^\s:)][^\s)]*)\)|^(\S+) \(default\)")
NAMING = sorted({(s, h) for s, h in helps(cli) if s in DEFAULTS and NAMED_DEFAULT.search(h)})


def test_the_help_names_the_defaults_of_the_main_settings() -> None:
    named = {setting for setting, _ in NAMING}
    assert {"concurrency", "rps", "limit_per_task", "batch_size", "endpoint", "schema"} <= named


@pytest.mark.parametrize(("setting", "text"), NAMING)
def test_a_default_in_help_is_the_settings_default(setting: str, text: str) -> None:
    said = NAMED_DEFAULT.search(text)
    assert said is not None
    assert (said[1] or said[2]) == shown(DEFAULTS[setting])


def test_concurrency_says_it_counts_requests_in_flight() -> None:
    (text,) = {h for s, h in helps(cli) if s == "concurrency" and "Hub" in h}
    assert text.startswith("Requests in flight to the Hub")
