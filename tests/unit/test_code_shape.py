"""The package stays readable: small modules, short functions, short parameter lists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "hf_crawler").rglob("*.py"), *(ROOT / "bench").rglob("*.py")])
EVERY_PYTHON_FILE = sorted([*SOURCES, *(ROOT / "tests").rglob("*.py")])
# A comment that keeps the formatter off a line or a block (`fmt:` then skip, off, or on, in
# any spacing): the formatter decides the layout, everywhere.
FORMATTER_ESCAPE = re.compile(r"#\s*fmt:\s*(skip|off|on)\b")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 35
MAX_PARAMETERS = 6  # besides self and cls


def functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = node.args
    names = [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
    return [n for n in names if n not in ("self", "cls")]


def shape_problems(path: Path) -> list[str]:
    """What in `path` is over a limit, one line each."""
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    found = [f"{where}: {n} lines"] if (n := len(text.splitlines())) > MAX_MODULE_LINES else []
    for f in functions(ast.parse(text)):
        length = (f.end_lineno or f.lineno) - f.lineno + 1
        if length > MAX_FUNCTION_LINES:
            found.append(f"{where}:{f.lineno} {f.name}: {length} lines")
        if len(parameters(f)) > MAX_PARAMETERS:
            found.append(f"{where}:{f.lineno} {f.name}: {len(parameters(f))} parameters")
    return found


def test_every_module_and_function_stays_small() -> None:
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


def test_the_shape_check_sees_a_long_module_function_and_parameter_list(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_MODULE_LINES))
    path = tmp_path / "probe.py"
    path.write_text(f"def f(a, b, c, d, e, g, h):\n{body}\n", encoding="utf-8")
    assert len(shape_problems(path)) == 3
