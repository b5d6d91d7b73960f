"""Model sizes as the Hub's listing serves them under `expand`: `safetensors` (parameters
by dtype and their total, counted from the weights' headers) and `gguf` (the GGUF file's
total, architecture and context length), with the gaps real repositories have.

The shapes are those huggingface_hub's `ModelInfo` reads (`SafeTensorsInfo(parameters,
total)`, `gguf` as a dict). Drawn from each model's own seed (its `_id`), so adding them
moved nothing else of the generated catalogue:

- a GGUF repository (library `gguf`) has a GGUF total and no safetensors;
- some repositories have neither (weights in other formats, or none at all);
- a quantized repository's safetensors total counts its packed weights (4-bit weights
  packed eight to an `I32`), far below the model's real size, as the Hub serves it;
- some ship both safetensors and a GGUF conversion.
"""

from __future__ import annotations

import random
from typing import Any

# Parameter counts of common model sizes, from small encoders to large decoders.
_SIZES = (
    22_713_216,
    109_482_240,
    335_141_888,
    494_032_768,
    1_100_048_384,
    1_543_714_304,
    3_212_749_824,
    7_241_732_096,
    8_030_261_248,
    13_015_864_320,
    14_770_033_664,
    32_763_876_352,
    70_553_706_496,
)
_ARCHITECTURES = ("llama", "qwen2", "gemma2", "phi3", "mistral", "bert")
_CONTEXTS = (2048, 4096, 8192, 32768, 131072)


def draw(hub_id: str, library: str | None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(safetensors, gguf) for the model of `hub_id`; None where the Hub sends none."""
    rng = random.Random(f"sizes:{hub_id}")
    total = rng.choice(_SIZES) + rng.randint(0, 99_999)
    roll = rng.random()
    if library == "gguf":
        return None, _gguf(rng, total)
    if roll < 0.15:
        return None, None
    if roll < 0.25:
        packed, kept = total // 8, total // 50  # 4-bit weights eight to an I32, norms in F16
        return {"parameters": {"I32": packed, "F16": kept}, "total": packed + kept}, None
    weights = _safetensors(rng, total)
    if roll < 0.35:
        return weights, _gguf(rng, total)
    return weights, None


def _safetensors(rng: random.Random, total: int) -> dict[str, Any]:
    dtype = rng.choice(("BF16", "F32", "F16"))
    if rng.random() < 0.2:  # a second dtype for a share of the weights (norms kept in F32)
        part = total // rng.randint(20, 200)
        second = "F16" if dtype == "F32" else "F32"
        return {"parameters": {dtype: total - part, second: part}, "total": total}
    return {"parameters": {dtype: total}, "total": total}


def _gguf(rng: random.Random, total: int) -> dict[str, Any]:
    return {
        "total": total,
        "architecture": rng.choice(_ARCHITECTURES),
        "context_length": rng.choice(_CONTEXTS),
        "chat_template": "{% for message in messages %}{{ message['content'] }}{% endfor %}",
        "bos_token": "<s>",
        "eos_token": "</s>",
    }
