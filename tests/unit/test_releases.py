"""A release is named once and never changes under a user: the package's version is the
newest release in CHANGELOG.md, and every migration a release shipped is byte for byte
the file it shipped (a released migration is never edited: a mistake is fixed by a new
one). `tools/release.py` cuts a release from the Unreleased entries."""

from __future__ import annotations

import pytest

import hf_crawler
from hf_crawler.store import queries
from tools import release


def pins() -> list[release.Pin]:
    return release.read_pins(release.PINS.read_text())


def test_every_released_migration_is_the_file_it_shipped_as() -> None:
    now = {f"migrations/{m.file_name}": m.sha256 for m in queries.migrations()}
    edited = [pin.path for pin in pins() if now.get(pin.path) != pin.sha256]
    assert edited == [], "a released migration was edited, renamed or removed: add a new one"


def test_migrations_not_released_yet_come_after_every_released_one() -> None:
    released = {pin.path for pin in pins()}
    versions = sorted(queries.migration_versions())
    shipped = [v for v in versions if f"migrations/{queries_name(v)}" in released]
    assert shipped == versions[: len(shipped)]


def queries_name(version: int) -> str:
    (migration,) = [m for m in queries.migrations() if m.version == version]
    return migration.file_name


def test_the_package_says_the_newest_release_and_its_schema_version() -> None:
    changelog = release.CHANGELOG.read_text()
    newest = release.released_versions(changelog)[0]
    assert hf_crawler.__version__ == newest
    section = changelog.split(f"## [{newest}]", 1)[1].split("\n## [", 1)[0]
    schema_line = release.SCHEMA_LINE.search(section)
    assert schema_line is not None, f"the {newest} section names no schema version"
    newest_pinned = max(int(pin.path.split("/")[1][:4]) for pin in pins())
    assert int(schema_line[1]) == newest_pinned


CHANGELOG = """# Changelog

## [Unreleased]

### Added
- Something new.

## [0.2.0] - 2026-12-06

Schema version 30 (migrations up to 0030).
"""


def test_a_release_moves_the_unreleased_entries_under_its_version() -> None:
    cut = release.dated_changelog(CHANGELOG, "0.3.0", "2027-01-02", 31)
    assert cut == (
        "# Changelog\n\n## [Unreleased]\n\n## [0.3.0] - 2027-01-02\n\n"
        "Schema version 31 (migrations up to 0031).\n\n### Added\n- Something new.\n"
        "\n## [0.2.0] - 2026-12-06\n\nSchema version 30 (migrations up to 0030).\n"
    )
    assert release.released_versions(cut) == ["0.3.0", "0.2.0"]


def test_a_release_with_nothing_unreleased_or_a_version_not_above_is_refused() -> None:
    empty = CHANGELOG.replace("### Added\n- Something new.\n\n", "")
    with pytest.raises(release.ReleaseError, match="nothing under Unreleased"):
        release.dated_changelog(empty, "0.3.0", "2027-01-02", 31)
    with pytest.raises(release.ReleaseError, match=r"already has a section for 0\.2\.0"):
        release.dated_changelog(CHANGELOG, "0.2.0", "2027-01-02", 31)
    with pytest.raises(release.ReleaseError, match=r"0\.2\.0 is not above the current 0\.2\.0"):
        release.with_version('__version__ = "0.2.0"\n', "0.2.0")
    with pytest.raises(release.ReleaseError, match=r"'1\.0' is not x\.y\.z"):
        release.with_version('__version__ = "0.2.0"\n', "1.0")
    assert release.with_version('__version__ = "0.2.0"\n', "0.10.0") == (
        '__version__ = "0.10.0"\n',
        "0.2.0",
    )
