"""`make release VERSION=x.y.z`: turn what CHANGELOG.md lists under Unreleased into a
release. It sets the package's version, dates the changelog's section and names the schema
version it ships, and pins the sha256 of every migration it releases in
`sql/released_migrations.sha256` (a test then fails if one of them is ever edited). The
release is the commit of these changes, tagged `v<version>`; this script prints the two git
commands and runs neither.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hf_crawler.store import queries

REPO = Path(__file__).resolve().parents[1]
CHANGELOG = REPO / "CHANGELOG.md"
PACKAGE_INIT = REPO / "hf_crawler" / "__init__.py"
PINS = queries.sql_dir() / "released_migrations.sha256"
VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
UNRELEASED = "## [Unreleased]"
RELEASE_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", re.MULTILINE)
SCHEMA_LINE = re.compile(r"^Schema version (\d+) ", re.MULTILINE)


class ReleaseError(Exception):
    """Why a release cannot be made as asked."""


@dataclass(frozen=True, slots=True)
class Pin:
    """A released migration: its file (relative to sql/) and the sha256 it shipped with."""

    path: str
    sha256: str

    def line(self) -> str:
        return f"{self.sha256}  {self.path}"  # the format `sha256sum -c` reads


def read_pins(text: str) -> list[Pin]:
    pins = []
    for line in text.splitlines():
        if line.strip():
            sha256, path = line.split(maxsplit=1)
            pins.append(Pin(path.strip(), sha256))
    return pins


def pins_after_release(pinned: list[Pin]) -> list[Pin]:
    """The pins with every migration not pinned yet added, in version order."""
    known = {pin.path for pin in pinned}
    new = [
        Pin(f"migrations/{m.file_name}", m.sha256)
        for m in queries.migrations()
        if f"migrations/{m.file_name}" not in known
    ]
    return [*pinned, *new]


def released_versions(changelog: str) -> list[str]:
    """The versions a changelog lists as released (a section with a date), newest first."""
    return RELEASE_HEADING.findall(changelog)


def version_tuple(version: str) -> tuple[int, int, int]:
    match = VERSION.match(version)
    if match is None:
        raise ReleaseError(f"version {version!r} is not x.y.z")
    return int(match[1]), int(match[2]), int(match[3])


def dated_changelog(text: str, version: str, date: str, schema_version: int) -> str:
    """CHANGELOG.md with its Unreleased entries moved under `version`, and an empty
    Unreleased section above them for the next changes."""
    head, found, rest = text.partition(UNRELEASED)
    if not found:
        raise ReleaseError(f"CHANGELOG.md has no {UNRELEASED} section")
    entries, next_heading, older = rest.partition("\n## [")
    if not entries.strip():
        raise ReleaseError("CHANGELOG.md lists nothing under Unreleased: nothing to release")
    if f"## [{version}]" in text:
        raise ReleaseError(f"CHANGELOG.md already has a section for {version}")
    section = (
        f"{UNRELEASED}\n\n## [{version}] - {date}\n\n"
        f"Schema version {schema_version} (migrations up to {schema_version:04d}).\n\n"
    )
    return head + section + entries.strip() + "\n" + next_heading + older


def with_version(init_text: str, version: str) -> tuple[str, str]:
    """The package's __init__.py with `version` set, and the version it had."""
    match = re.search(r'^__version__ = "([^"]+)"$', init_text, re.MULTILINE)
    if match is None:
        raise ReleaseError("hf_crawler/__init__.py sets no __version__")
    if version_tuple(version) <= version_tuple(match[1]):
        raise ReleaseError(f"version {version} is not above the current {match[1]}")
    return init_text.replace(match[0], f'__version__ = "{version}"'), match[1]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tools/release.py X.Y.Z", file=sys.stderr)
        return 2
    version = argv[0]
    try:
        init_text, previous = with_version(PACKAGE_INIT.read_text(), version)
        pins = pins_after_release(read_pins(PINS.read_text() if PINS.exists() else ""))
        schema_version = max(queries.migration_versions())
        date = datetime.now(UTC).date().isoformat()
        changelog = dated_changelog(CHANGELOG.read_text(), version, date, schema_version)
    except ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return 2
    PACKAGE_INIT.write_text(init_text)
    CHANGELOG.write_text(changelog)
    PINS.write_text("".join(pin.line() + "\n" for pin in pins))
    print(f"released {version} (was {previous}), schema version {schema_version}; now run:")
    print(f'  git commit -am "Release {version}" && git tag v{version}')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
