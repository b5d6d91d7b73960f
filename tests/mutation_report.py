"""`make mutation`'s report: mutmut's result for every mutant of the core modules, counted
per module as killed (a test failed, or timed out), survived, untested (no selected test
reaches the function: a survivor too), equivalent (a survivor listed in
tests/mutation_equivalent.txt with why no test can tell it from the code) or not checked
yet, and the survivors that are not explained. Exits 1 when under MIN_KILLED of the checked
mutants that are not equivalent are killed, or when a survivor is not explained."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

MIN_KILLED = 0.85
EQUIVALENT = Path(__file__).with_name("mutation_equivalent.txt")
KILLED = {"killed", "timeout", "caught by type check"}


def results() -> dict[str, str]:
    """Each mutant's status, as `mutmut results --all true` prints them."""
    shown = subprocess.run(  # noqa: S603  # our own mutmut, fixed arguments
        [str(Path(sys.executable).with_name("mutmut")), "results", "--all", "true"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = {}
    for line in shown.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if "__mutmut_" in name:
            found[name] = status
    return found


def equivalents() -> dict[str, str]:
    """The survivors judged equivalent: `mutant-name  # why`, one a line."""
    listed = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        name, _, why = line.partition("#")
        if name.strip():
            listed[name.strip()] = why.strip()
    return listed


def module_of(mutant: str) -> str:
    return mutant.split("__mutmut_")[0].rsplit(".", 1)[0]


def report(found: dict[str, str], listed: dict[str, str]) -> tuple[list[str], bool]:
    """The table's lines, and whether the bar is met."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    unexplained = []
    for mutant, status in sorted(found.items()):
        kind = "killed" if status in KILLED else "survived" if status == "no tests" else status
        if kind == "survived" and mutant in listed:
            kind = "equivalent"
        elif kind == "survived":
            unexplained.append(mutant)
        counts[module_of(mutant)][kind] += 1
    header = ("module", "mutants", "killed", "survived", "equiv.", "unchecked")
    lines = ["{:<32} {:>7} {:>7} {:>8} {:>7} {:>9}".format(*header)]
    total: Counter[str] = Counter()
    for module, c in sorted(counts.items()):
        total += c
        lines.append(_row(module, c))
    lines.append(_row("all", total))
    decidable = total["killed"] + total["survived"]
    rate = total["killed"] / decidable if decidable else 0.0
    lines.append(f"killed: {rate:.1%} of the {decidable} checked mutants not equivalent")
    lines += [f"unexplained survivor: {m}" for m in unexplained]
    stale = sorted(set(listed) - {m for m, s in found.items() if s in ("survived", "no tests")})
    lines += [f"listed as equivalent but not a survivor now: {m}" for m in stale]
    return lines, rate >= MIN_KILLED and not unexplained


def _row(module: str, c: Counter[str]) -> str:
    unchecked = sum(c.values()) - c["killed"] - c["survived"] - c["equivalent"]
    return (
        f"{module:<32} {sum(c.values()):>7} {c['killed']:>7} {c['survived']:>8}"
        f" {c['equivalent']:>7} {unchecked:>9}"
    )


if __name__ == "__main__":
    lines, met = report(results(), equivalents())
    print("\n".join(lines))
    sys.exit(0 if met else 1)
