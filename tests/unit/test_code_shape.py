"""The package stays readable: modules of one job (a module past 400 lines is split), and
no line kept from the formatter. Functions are held small by ruff (complexity, arguments,
statements: pyproject.toml), not by a line count here that code would be bent to meet."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "hf_crawler").rglob("*.py"), *(ROOT / "bench").rglob("*.py")])
EVERY_PYTHON_FILE = sorted([*SOURCES, *(ROOT / "tests").rglob("*.py")])
# A comment that keeps the formatter off a line or a block (`fmt:` then skip, off, or on, in
# any spacing): the formatter decides the layout, everywhere.
FORMATTER_ESCAPE = re.compile(r"#\s*fmt:\s*(skip|off|on)\b")
MAX_MODULE_LINES = 400


def shape_problems(path: Path) -> list[str]:
    """`path` if it is over the module limit."""
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return [f"{where}: {n} lines"] if (n := len(text.splitlines())) > MAX_MODULE_LINES else []


def test_every_module_stays_small() -> None:
    assert [p for path in SOURCES for p in shape_problems(path)] == []


def escapes(path: Path) -> list[str]:
    """The lines of `path` that keep the formatter from laying them out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [f"{path}:{n}" for n, line in enumerate(lines, 1) if FORMATTER_ESCAPE.search(line)]


def test_no_line_is_kept_from_the_formatter() -> None:
    assert [e for path in EVERY_PYTHON_FILE for e in escapes(path)] == []


def test_the_escape_check_sees_a_skipped_line(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    marker = "fmt" + ":"  # spelled apart, so this file holds no marker itself
    path.write_text(f"x = f(a,\n  b)  #{marker}skip\ny = 1  # {marker} off\n", encoding="utf-8")
    assert len(escapes(path)) == 2


def test_the_shape_check_sees_a_long_module(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text("\n".join(f"x{i} = {i}" for i in range(MAX_MODULE_LINES + 1)), "utf-8")
    assert len(shape_problems(path)) == 1
    path.write_text("\n".join(f"x{i} = {i}" for i in range(MAX_MODULE_LINES)), "utf-8")
    assert shape_problems(path) == []
