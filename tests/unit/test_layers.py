"""The package tree is the architecture, and the imports keep to it: shared leaves <-
{entities, config} <- {hub, store} <- {crawl, reports} <- cli. A module imports only from its own
package or a lower layer (never a sibling of its layer), no import cycle exists, and the
fake Hub imports nothing of the crawler. Imports inside functions count too."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hf_crawler"
LAYER = {
    "": 0,
    "entities": 1,
    "config": 1,
    "hub": 2,
    "store": 2,
    "crawl": 3,
    "reports": 3,
    "cli": 4,
}
ENTRY = "hf_crawler.__main__"  # `python -m hf_crawler`: above everything


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(name: str) -> str:
    """The module `name` is, or holds: a module file, else the package it names."""
    while name.count(".") >= 1:
        path = ROOT.joinpath(*name.split("."))
        if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
            return name
        name = name.rsplit(".", 1)[0]
    return name


def imports(path: Path) -> Iterator[str]:
    """The hf_crawler modules `path` imports, wherever in it the import statement is."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        yield from (resolve(n) for n in names if n.startswith("hf_crawler."))


def graph() -> dict[str, set[str]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        found[module_name(path)] = set(imports(path)) - {module_name(path)}
    return found


def package_of(module: str) -> str:
    """`hub` for hf_crawler.hub.transport and for hf_crawler.hub; "" for a shared leaf."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYER else ""


def breaks(source: str, target: str) -> bool:
    """Whether an import from `source` of `target` runs against the layers."""
    if source == ENTRY or target == ENTRY:
        return target == ENTRY
    mine, theirs = package_of(source), package_of(target)
    if "fakehub" in (source.split(".")[1:2] or [""]):
        return not target.startswith("hf_crawler.fakehub")
    if target.startswith("hf_crawler.fakehub"):
        return mine not in ("cli",)  # only the command line starts the fake Hub
    return mine != theirs and LAYER[theirs] >= LAYER[mine]


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules in it, or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        state[node] = 2
        path.pop()
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


def test_every_import_runs_down_the_layers_or_stays_in_its_package() -> None:
    wrong = [
        f"{source} imports {target}"
        for source, targets in graph().items()
        for target in sorted(targets)
        if breaks(source, target)
    ]
    assert wrong == []


def test_no_module_imports_itself_through_others() -> None:
    assert cycle(graph()) is None


def test_every_module_is_in_a_layer() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert top == {"errors", "identifiers", "logs", "progress", "records", "stats", "text"}
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} == {
        *(name for name in LAYER if name),
        "fakehub",
    }


# What reaches the database: its driver, the named statements, and a connection's calls.
DATABASE_MODULES = (
    "asyncpg",
    "hf_crawler.store.db",
    "hf_crawler.store.queries",
    "hf_crawler.store.statements",
)
CONNECTION_CALLS = {
    "acquire",
    "copy_records_to_table",
    "execute",
    "executemany",
    "fetch",
    "fetchrow",
    "fetchval",
    "transaction",
}


def reaches_the_database(path: Path) -> list[str]:
    """What in `path` opens a connection, runs SQL or names a query."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith(DATABASE_MODULES)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{a.name}" for a in node.names]
            found += [n for n in names if n.startswith(DATABASE_MODULES)]
        elif isinstance(node, ast.Attribute) and node.attr in CONNECTION_CALLS:
            receiver = ast.unparse(node.value)  # a pool's or a connection's, not a fetcher's
            found += [f"{receiver}.{node.attr}"] if "pool" in receiver or "conn" in receiver else []
    return found


def test_only_the_store_opens_a_connection_runs_sql_or_names_a_query() -> None:
    outside = [
        p
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] not in ("store", "fakehub")
    ]
    offenders = {
        str(p.relative_to(ROOT)): found for p in outside if (found := reaches_the_database(p))
    }
    assert offenders == {}
