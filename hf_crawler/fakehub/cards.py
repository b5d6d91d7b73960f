"""Model cards as the Hub's file resolver serves them: `GET /{repo}/resolve/{rev}/README.md`.

Each model's card is drawn from its id, so it is stable until the model gets a new commit:
front matter from its cardData, a body naming it; and the kinds a crawler must handle:
no card (404 `EntryNotFound`), an empty one, one text shared by many repos, a huge one,
bytes that are not UTF-8, and gated repos (403 `GatedRepo`); and shapes of real cards that
huggingface_hub reads its own way: a tab after a value in the front matter (its YAML
loader refuses the block), a `model-index` with a result that names no dataset (refused
whole), and a training log pasted under one heading (a section of about 110,000
characters, ending with LONG_SECTION_WORD).
"""

from __future__ import annotations

import hashlib
import json

from aiohttp import web

from hf_crawler.fakehub.generate import FakeModel
from hf_crawler.fakehub.state import STATE

SHARED = b"---\nlicense: apache-2.0\n---\n# Model Card\n\nThis model card is a template.\n"
HUGE_BYTES = 600_000
LONG_SECTION_WORD = "zebrafinch"


def card_kind(model: FakeModel) -> str:
    """missing, empty, shared, huge, latin1, tabbed, undatasetted, long_section or normal,
    drawn from the model's id."""
    roll = int(hashlib.sha256(model.hub_id.encode()).hexdigest()[:8], 16) % 1000
    for kind, below in (
        ("missing", 80),
        ("empty", 110),
        ("shared", 210),
        ("huge", 220),
        ("latin1", 240),
        ("tabbed", 250),
        ("undatasetted", 260),
        ("long_section", 270),
    ):
        if roll < below:
            return kind
    return "normal"


def card_bytes(model: FakeModel) -> bytes | None:
    """The README.md bytes at the model's current commit, or None when it has none."""
    kind = card_kind(model)
    if kind == "missing":
        return None
    if kind == "empty":
        return b""
    if kind == "shared":
        return SHARED
    said = {**(model.card_data or {}), **model.card_extra}
    if kind == "undatasetted":
        said["model-index"] = _without_a_dataset(model)
    lines = [f"{k}: {json.dumps(v)}" for k, v in said.items()] or ["tags: []"]
    if kind == "tabbed":
        lines[0] += "\t"
    front = "".join(f"{line}\n" for line in lines)
    body = f"---\n{front}---\n# {model.model_id}\n\nCommit {model.sha}.\n{model.card_text}"
    if kind == "huge":
        body += "| col | value |\n" * (HUGE_BYTES // 16)
    if kind == "long_section":
        steps = range(1, 4001)
        log = "".join(f"| {n} | {2.5 / n:.6f} | {0.5 + n / 10_000:.4f} |\n" for n in steps)
        body += f"\n## Training log\n\n| step | loss | accuracy |\n{log}\n{LONG_SECTION_WORD}\n"
    if kind == "latin1":
        return body.encode() + b"Caf\xe9 \xff\xfe and a NUL \x00 byte.\n"
    return body.encode()


def _without_a_dataset(model: FakeModel) -> list[dict[str, object]]:
    """The model's `model-index` (or one of its own) with a last result naming no dataset,
    as cards of early speech fine-tunes have it."""
    name = model.model_id.split("/", 1)[1]
    metrics = [{"type": "wer", "name": "Test WER", "value": 8.1}]
    undatasetted = {"task": {"type": "automatic-speech-recognition"}, "metrics": metrics}
    index = model.card_extra.get("model-index") or [{"name": name, "results": []}]
    entry = dict(index[0])  # type: ignore[index]
    entry["results"] = [*entry["results"], undatasetted]
    return [entry]


async def resolve(request: web.Request) -> web.Response:
    """The resolver route; only README.md is served (every other path: EntryNotFound)."""
    state = request.app[STATE]
    state.counts["resolver_requests"] += 1
    model = state.catalogue.by_id.get(f"{request.match_info['owner']}/{request.match_info['name']}")
    if model is None:
        return error_response(404, "RepoNotFound", "Repository not found")
    if model.gated == "manual":
        return error_response(403, "GatedRepo", "Access to this model is restricted")
    body = card_bytes(model) if request.match_info["path"] == "README.md" else None
    if body is None:
        return error_response(404, "EntryNotFound", "Entry not found")
    return file_response(body, model.sha)


def file_response(body: bytes, sha: str) -> web.Response:
    """A file as the resolver serves it: the commit it is read at, its git blob id."""
    etag = hashlib.sha1(b"blob %d\x00" % len(body) + body, usedforsecurity=False).hexdigest()
    headers = {"X-Repo-Commit": sha, "ETag": f'"{etag}"', "Accept-Ranges": "bytes"}
    return web.Response(body=body, headers=headers, content_type="text/plain", charset="utf-8")


def error_response(status: int, code: str, message: str) -> web.Response:
    headers = {"X-Error-Code": code, "X-Error-Message": message}
    return web.json_response({"error": message}, status=status, headers=headers)


async def new_commit(request: web.Request) -> web.Response:
    """`POST /_fake/commit?model=ID`: the model gets a new commit (and so a new card)."""
    catalogue = request.app[STATE].catalogue
    model = catalogue.by_id.get(request.query.get("model", ""))
    if model is None:
        return error_response(404, "RepoNotFound", "no such model")
    model.sha = hashlib.sha1(model.sha.encode(), usedforsecurity=False).hexdigest()
    catalogue.touch()
    return web.json_response({"model": model.model_id, "sha": model.sha})
