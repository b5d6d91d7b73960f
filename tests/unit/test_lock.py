"""The environment is the locked one: every package constraints.txt pins is installed at
its pinned version (make install and make dev install with it), and every dependency the
project declares is pinned there."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")


def canonical(name: str) -> str:
    """A distribution's name as packaging compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    return {canonical(m[1]): m[2] for line in lines if (m := PIN.match(line))}


def test_every_pinned_package_that_is_installed_has_its_pinned_version() -> None:
    installed = {
        canonical(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()
    }
    wrong = {
        name: (installed[name], version)
        for name, version in pins().items()
        if name in installed and installed[name] != version
    }
    assert wrong == {}


def test_every_declared_dependency_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    names = {canonical(re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0]) for spec in declared}
    assert names - set(pins()) == set()
