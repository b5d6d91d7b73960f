"""docs/architecture.md matches the code: every module it names exists, and every package
of the layers is drawn in it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text()


def test_every_module_the_architecture_names_exists() -> None:
    named = set(re.findall(r"`((?:hf_crawler/)?[a-z]+/[a-z_]+\.py)", DOC))
    missing = sorted(
        path
        for path in named
        if not (ROOT / path).is_file() and not (ROOT / "hf_crawler" / path).is_file()
    )
    assert named and missing == []


def test_every_module_and_function_it_names_by_dotted_name_exists() -> None:
    quoted = re.findall(r"`(?:[a-z]+/)?([a-z_]+)\.([A-Za-z_]+)`", DOC)
    drawn = re.findall(r'"([a-z_]+)\.([A-Za-z_]+)<br/>', DOC)  # the diagram's boxes
    dotted = {(module, name) for module, name in quoted + drawn if name != "py"}
    for module, name in dotted:
        found = list((ROOT / "hf_crawler").rglob(f"{module}.py"))
        defined = re.compile(rf"\b(def|class) {name}\b|^{name}\b[^\n]*=", re.M)
        assert found and any(defined.search(p.read_text()) for p in found), (module, name)


def test_every_package_is_in_the_layers_it_draws() -> None:
    packages = {p.name for p in (ROOT / "hf_crawler").iterdir() if (p / "__init__.py").is_file()}
    for package in packages - {"fakehub"}:
        assert package in DOC.split("## The layers")[1], package
