"""A model card's YAML front matter, read as huggingface_hub reads it (`repocard.py`: the
block between the leading `---` lines, `yaml.safe_load`, a mapping or nothing), made
storable as JSON, and its `model-index` evaluation results as rows, or refused whole where
huggingface_hub's `model_index_to_eval_results` refuses it (`repocard_data.py`)."""

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
# libyaml's safe loader where PyYAML was built with it: several times faster (a cards run
# parses tens of thousands of front matters). It takes a tab where YAML allows none (after a
# value, around `:`) while `yaml.safe_load`, which huggingface_hub calls, refuses it: a
# block with a tab is read by the pure-Python loader, whose verdict is huggingface_hub's.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    block = match.group(2)
    loader = yaml.SafeLoader if "\t" in block else FAST_LOADER
    try:
        data = yaml.load(block, Loader=loader)  # noqa: S506  # a safe loader
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


@dataclass(frozen=True, slots=True)
class ModelIndex:
    """A card's `model-index` as rows, or why huggingface_hub refuses it whole (`error`)."""

    results: tuple[EvalResult, ...] = ()
    error: str | None = None


def model_index(data: dict[str, Any] | None) -> ModelIndex:
    """Every metric of every result of every `model-index` entry, read by the rules of
    huggingface_hub's `model_index_to_eval_results`: an entry's `name` and `results`, a
    result's `task.type`, `dataset.type`, `dataset.name` and `metrics`, a metric's `type`
    and `value` are required, and one missing or of the wrong shape refuses the whole
    index (as does a `source` with a name but no url); an empty one is none."""
    index = (data or {}).get("model-index")
    if not index:
        return ModelIndex()
    try:
        return ModelIndex(tuple(_strict_results(index)))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"
        return ModelIndex(error=one_line(error)[:MAX_ERROR_CHARS])


def eval_results(data: dict[str, Any] | None) -> list[EvalResult]:
    """The rows of `model_index(data)`; none when it is refused."""
    return list(model_index(data).results)


def _strict_results(index: Any) -> list[EvalResult]:
    """huggingface_hub's reading step by step: a key missing raises KeyError, a value of
    the wrong type TypeError or AttributeError (as there)."""
    found: list[EvalResult] = []
    for entry in index:
        name, results = entry["name"], entry["results"]
        for result in results:
            task, dataset = result["task"], result["dataset"]
            task_type, dataset_id, dataset_name = task["type"], dataset["type"], dataset["name"]
            source = result.get("source", {})
            if source.get("name") is not None and source.get("url") is None:
                raise ValueError("a source with a name but no url")
            for metric in result["metrics"]:
                value, value_text, unit = read_value(metric["value"])
                found.append(
                    EvalResult(
                        model_name=_str(name),
                        task_type=_str(task_type),
                        dataset_id=_str(dataset_id),
                        dataset_name=_str(dataset_name),
                        metric_type=_str(metric["type"]),
                        metric_name=_str(metric.get("name")),
                        value=value,
                        value_text=value_text,
                        verified=_bool(metric.get("verified")),
                        unit=unit,
                    )
                )
    return found


def _bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _str(value: object) -> str | None:
    return None if value is None or isinstance(value, dict | list) else _text(value)


def read_value(value: object) -> tuple[float | None, str | None, str | None]:
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
