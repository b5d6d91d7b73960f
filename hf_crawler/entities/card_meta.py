"""A model card's YAML front matter, read as huggingface_hub reads it (`repocard.py`: the
block between the leading `---` lines, `yaml.safe_load`, a mapping or nothing), made
storable as JSON, and its `model-index` evaluation results as rows."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from hf_crawler.text import one_line

# huggingface_hub's REGEX_YAML_BLOCK (repocard.py).
FRONT_MATTER = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
MAX_ERROR_CHARS = 300
# libyaml's safe loader where PyYAML was built with it: the same documents, several times
# faster (a cards run parses tens of thousands of front matters).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class CardMeta:
    """What the front matter said: `ok` with its data, `none` (no block, or an empty one),
    or `invalid` with the parser's words."""

    status: str
    data: dict[str, Any] | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class EvalResult:
    """One reported result of `model-index`: a task, a dataset, a metric and its value."""

    model_name: str | None
    task_type: str | None
    dataset_id: str | None
    dataset_name: str | None
    metric_type: str | None
    metric_name: str | None
    value: float | None  # the number, also when written as text ("85.3%" is 85.3)
    value_text: str | None  # the value as written when it was text ("85.3%", "n/a")
    verified: bool | None
    unit: str | None = None  # what followed the number in the text: "%", "BLEU", "ms"


def read_front_matter(text: str) -> CardMeta:
    match = FRONT_MATTER.search(text)
    if match is None:
        return CardMeta("none")
    try:
        data = yaml.load(match.group(2), Loader=SAFE_LOADER)  # noqa: S506  # a safe loader
    except yaml.YAMLError as exc:
        return CardMeta("invalid", error=one_line(str(exc))[:MAX_ERROR_CHARS])
    if data is None:
        return CardMeta("none")
    if not isinstance(data, dict):
        return CardMeta("invalid", error=f"front matter is a {type(data).__name__}, not a mapping")
    return CardMeta("ok", data=_storable(data))


def _storable(value: Any) -> Any:  # noqa: PLR0911  # one return per JSON type
    """The value as JSON Postgres takes: string keys, dates as ISO text, no NaN or
    infinity, no NUL."""
    if isinstance(value, dict):
        return {_text(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").replace("\x00", "")
    if isinstance(value, str):
        return value.replace("\x00", "")
    return value if value is None or isinstance(value, bool | int | float) else _text(value)


def _text(value: object) -> str:
    return str(value).replace("\x00", "")


def eval_results(data: dict[str, Any] | None) -> list[EvalResult]:
    """Every metric of every result of every `model-index` entry; entries of the wrong
    shape are skipped (a card is free text)."""
    found: list[EvalResult] = []
    for entry in _dicts((data or {}).get("model-index")):
        for result in _dicts(entry.get("results")):
            task, dataset = _dict(result.get("task")), _dict(result.get("dataset"))
            for metric in _dicts(result.get("metrics")):
                value, value_text, unit = _value(metric.get("value"))
                found.append(
                    EvalResult(
                        model_name=_str(entry.get("name")),
                        task_type=_str(task.get("type")),
                        dataset_id=_str(dataset.get("type")),
                        dataset_name=_str(dataset.get("name")),
                        metric_type=_str(metric.get("type")),
                        metric_name=_str(metric.get("name")),
                        value=value,
                        value_text=value_text,
                        verified=_bool(metric.get("verified")),
                        unit=unit,
                    )
                )
    return found


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _dicts(value: object) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _str(value: object) -> str | None:
    return None if value is None or isinstance(value, dict | list) else _text(value)


def _value(value: object) -> tuple[float | None, str | None, str | None]:
    """(number, text as written, unit): a YAML number as it is; text parsed where it is a
    number with a unit or a spread ("80.74%", "97.65 %", "1,234.5", "12.3 BLEU",
    "85.3 ± 0.2"), else kept as text alone ("n/a")."""
    if isinstance(value, bool) or value is None:
        return None, None if value is None else str(value), None
    if isinstance(value, int | float):
        return (float(value), None, None) if math.isfinite(value) else (None, str(value), None)
    text = _str(value)
    if text is None:
        return None, None, None
    number, unit = parse_number(text)
    return number, text, unit


# A number as cards write it: a sign, digits with optional thousands commas, a decimal
# part, an exponent; then optionally a spread (± 0.2) and a unit, in either order.
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_SPREAD = r"(?:±|\+/-|\+-)\s*" + _NUMBER
_UNIT = r"%|[^\W\d][\w/%.-]*"
_WRITTEN_NUMBER = re.compile(
    rf"\s*(?P<number>{_NUMBER})\s*(?:{_SPREAD}\s*)?(?P<unit>{_UNIT})?\s*(?:{_SPREAD})?\s*"
)


def parse_number(text: str) -> tuple[float | None, str | None]:
    """The number a text writes and its unit, or (None, None) when it writes no one number."""
    match = _WRITTEN_NUMBER.fullmatch(text)
    if match is None:
        return None, None
    number = float(match["number"].replace(",", ""))
    return (number, match["unit"]) if math.isfinite(number) else (None, None)
