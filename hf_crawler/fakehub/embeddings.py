"""`POST /v1/embeddings` as the OpenAI-compatible servers answer it, with vectors the tests
can reason about: each text's words hashed into DIMENSIONS buckets (a plural's trailing
`s` dropped), normalised. Texts that share words point the same way. A model named
`...-d<N>` gives vectors of N numbers instead, as another real model would."""

from __future__ import annotations

import hashlib
import math
import re

from aiohttp import web

from hf_crawler.fakehub.state import STATE

DIMENSIONS = 64
_WORD = re.compile(r"[a-z0-9]+")
_SIZED = re.compile(r"-d([1-9][0-9]{0,3})$")  # `...-d32`: a model of 32 dimensions


def embed(text: str, dimensions: int = DIMENSIONS) -> list[float]:
    vector = [0.0] * dimensions
    for word in _WORD.findall(text.lower()):
        stem = word[:-1] if len(word) > 3 and word.endswith("s") else word
        bucket = int(hashlib.sha256(stem.encode()).hexdigest()[:8], 16) % dimensions
        vector[bucket] += 1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [round(v / norm, 6) for v in vector]


async def embeddings(request: web.Request) -> web.Response:
    try:
        payload = await request.json()
    except ValueError:
        return web.json_response({"error": {"message": "body is not JSON"}}, status=400)
    texts = payload.get("input") if isinstance(payload, dict) else None
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        return web.json_response({"error": {"message": "input: a string or strings"}}, status=400)
    request.app[STATE].counts["embedding_requests"] += 1
    model = str(payload.get("model", "fake-embedder"))
    sized = _SIZED.search(model)
    dimensions = int(sized[1]) if sized else DIMENSIONS
    data = [
        {"object": "embedding", "index": i, "embedding": embed(t, dimensions)}
        for i, t in enumerate(texts)
    ]
    return web.json_response({"object": "list", "data": data, "model": model})
