"""A model's size as the listing serves it (`expand=safetensors,gguf`), read as
huggingface_hub's `ModelInfo` reads it: `safetensors` is `{parameters: {dtype: count},
total}` (`SafeTensorsInfo`), `gguf` a dict with `total`, `architecture`, `context_length`
(and chat template and tokens, not stored).

The parameter count is safetensors' total as served, else the GGUF total; absent is NULL,
never 0. A quantized repository's safetensors total counts packed weights (eight 4-bit
weights to an I32), so it is stored as served and its dtypes kept beside it. A value of
the wrong shape is NULL and the field counted as dropped, as every other field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

import msgspec

from hf_crawler.entities import values

PG_INT_MAX = values.PG_INT_MAX
Count = Annotated[int, msgspec.Meta(ge=0, le=values.PG_BIGINT_MAX)]
Dtype = Annotated[str, msgspec.Meta(min_length=1, max_length=values.MAX_TAG_CHARS)]
Context = Annotated[int, msgspec.Meta(ge=0, le=PG_INT_MAX)]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=values.MAX_TEXT_CHARS)]
NO_SIZE: dict[str, Any] = {
    "params_total": None,
    "params_source": None,
    "params_by_dtype": None,
    "gguf_architecture": None,
    "gguf_context_length": None,
}


class Safetensors(msgspec.Struct):
    """`safetensors` of a plain item: every dtype's count a bigint count."""

    parameters: dict[Dtype, Count]
    total: Count


class Gguf(msgspec.Struct):
    """`gguf` of a plain item: the keys stored, each of its stored type (others ignored)."""

    total: Count | None = None
    architecture: Text | None = None
    context_length: Context | None = None


def plain_sizes(safetensors: Safetensors | None, gguf: Gguf | None) -> dict[str, Any]:
    """The size columns of a plain item's typed `safetensors` and `gguf`."""
    if safetensors is None and gguf is None:
        return NO_SIZE
    by_dtype = None if safetensors is None else dict(safetensors.parameters)
    return _columns(
        safetensors_total=None if safetensors is None else safetensors.total,
        by_dtype=by_dtype,
        gguf_total=None if gguf is None else gguf.total,
        architecture=None if gguf is None else gguf.architecture,
        context_length=None if gguf is None else gguf.context_length,
    )


def careful_sizes(
    raw: Mapping[str, Any], dropped: list[str], text: Callable[[object], str | None]
) -> dict[str, Any]:
    """The size columns of any item; a present `safetensors` or `gguf` of the wrong shape
    (or a part of it, or text `text` refuses) is noted in `dropped`."""
    safetensors, gguf = raw.get("safetensors"), raw.get("gguf")
    if safetensors is None and gguf is None:
        return NO_SIZE
    by_dtype, safetensors_total = _careful_safetensors(safetensors)
    if safetensors is not None and safetensors_total is None:
        dropped.append("safetensors")
    gguf_total = architecture = context_length = None
    if gguf is not None:
        if isinstance(gguf, Mapping):
            gguf_total = _part(gguf, "total", values.count)
            architecture = _part(gguf, "architecture", text)
            context_length = _part(gguf, "context_length", values.small_count)
            parts = (("total", gguf_total), ("architecture", architecture))
            bad = [k for k, v in (*parts, ("context_length", context_length)) if v is None]
            if any(gguf.get(k) not in (None, "") for k in bad):
                dropped.append("gguf")
        else:
            dropped.append("gguf")
    return _columns(
        safetensors_total=safetensors_total,
        by_dtype=by_dtype,
        gguf_total=gguf_total,
        architecture=architecture,
        context_length=context_length,
    )


def _careful_safetensors(value: object) -> tuple[dict[str, int] | None, int | None]:
    """(parameters by dtype, total), or (None, None) unless both are of their shape."""
    if not isinstance(value, Mapping):
        return None, None
    total, parameters = values.count(value.get("total")), value.get("parameters")
    if total is None or not isinstance(parameters, Mapping):
        return None, None
    by_dtype: dict[str, int] = {}
    for dtype, n in parameters.items():
        count = values.count(n)
        if not isinstance(dtype, str) or not dtype or len(dtype) > values.MAX_TAG_CHARS:
            return None, None
        if count is None or not values.storable(dtype):
            return None, None
        by_dtype[dtype] = count
    return by_dtype, total


def _part(gguf: Mapping[str, Any], key: str, convert: Any) -> Any:
    value = gguf.get(key)
    return None if value is None else convert(value)


# msgspec's encoder: a tenth of json.dumps's time, which was most of a page's size reading.
_DTYPES_JSON = msgspec.json.Encoder(order="sorted")


def _columns(
    *,
    safetensors_total: int | None,
    by_dtype: dict[str, int] | None,
    gguf_total: int | None,
    architecture: str | None,
    context_length: int | None,
) -> dict[str, Any]:
    if safetensors_total is not None:
        total, source = safetensors_total, "safetensors"
    elif gguf_total is not None:
        total, source = gguf_total, "gguf"
    else:
        total, source = None, None
    return {
        "params_total": total,
        "params_source": source,
        "params_by_dtype": None if by_dtype is None else _DTYPES_JSON.encode(by_dtype).decode(),
        "gguf_architecture": architecture,
        "gguf_context_length": context_length,
    }
