"""What surrounds the fake Hub's models: the Spaces that use them, the papers behind their
`arxiv:` tags and the collections that list them, in the shapes huggingface_hub's
`SpaceInfo`, `PaperInfo`, `Collection` and `CollectionItem` read (`hf_api.py`).

Drawn from the catalogue's own seed with generators of their own, so adding them moved
nothing else: Spaces use models and datasets the catalogue holds and some it does not
(`unlisted-org/...`); a share of the arXiv ids have no paper page (404); a collection
lists models, datasets, Spaces and papers, each with a position and sometimes a note.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from hf_crawler.fakehub.generate import FakeModel

SDKS = ("gradio", "streamlit", "docker", "static")
STAGES = ("RUNNING", "SLEEPING", "BUILD_ERROR", "PAUSED")
HARDWARE = ("cpu-basic", "cpu-upgrade", "t4-small", "a10g-small", "zero-a10g")
NO_PAPER_SHARE = 0.2  # arXiv ids the Hub has no paper page for
LISTED_ITEMS = 4  # items a collection shows in the listing


@dataclass(slots=True)
class FakeSpace:
    space_id: str
    hub_id: str
    likes: int
    trending_score: int
    sdk: str
    created_ts: int
    modified_ts: int
    stage: str
    hardware: str | None
    models: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def author(self) -> str:
        return self.space_id.split("/", 1)[0]


@dataclass(slots=True)
class FakeCollection:
    slug: str
    hub_id: str
    title: str
    owner: str
    upvotes: int
    updated_ts: int
    description: str | None
    items: list[dict[str, Any]] = field(default_factory=list)


def spaces(
    models: list[FakeModel], dataset_ids: list[str], count: int, seed: int
) -> list[FakeSpace]:
    """`count` Spaces, each using a few of `models` (and of `dataset_ids`), some none."""
    rng = random.Random(seed + 11)
    found = []
    for n in range(count):
        owner = rng.choice(("gradio", "hf-demos", "acme", "labs", "someone"))
        used = rng.sample(models, min(len(models), rng.choice((0, 1, 1, 2, 3))))
        uses = [m.model_id for m in used] + [f"unlisted-org/model-{rng.randrange(30)}"] * (
            rng.random() < 0.1
        )
        data = rng.sample(dataset_ids, min(len(dataset_ids), rng.choice((0, 0, 1, 2))))
        stage = rng.choice(STAGES)
        created = 1_640_000_000 + rng.randrange(120_000_000)
        found.append(
            FakeSpace(
                space_id=f"{owner}/space-{n}",
                hub_id=f"{rng.getrandbits(96):024x}",
                likes=int(rng.paretovariate(1.2) * 10),
                trending_score=rng.randrange(200),
                sdk=rng.choice(SDKS),
                created_ts=created,
                modified_ts=created + rng.randrange(30_000_000),
                stage=stage,
                hardware=rng.choice(HARDWARE) if stage != "BUILD_ERROR" else None,
                models=list(dict.fromkeys(uses)),
                datasets=data,
                tags=[rng.choice(SDKS), "region:us"],
            )
        )
    return found


DATASET_PAPER_SHARE = 0.2  # datasets that name a paper (an `arxiv:` tag)


def add_dataset_papers(datasets: list[Any]) -> None:
    """Give a share of the datasets an `arxiv:` tag, drawn from each dataset's id alone (so
    nothing else the catalogue draws moves)."""
    for dataset in datasets:
        rng = random.Random(f"dataset-paper:{dataset.dataset_id}")
        if rng.random() < DATASET_PAPER_SHARE:
            arxiv = f"arxiv:{rng.randint(1800, 2610)}.{rng.randint(1, 99999):05d}"
            dataset.tags = (*dataset.tags, arxiv)


def drift(
    spaces: list[FakeSpace], collections: list[FakeCollection], model_ids: list[str], seed: int
) -> None:
    """A day passes around the models: every Space's likes grow by 0 to 5 and a few change
    the models they use; a few collections gain an item, which moves their lastUpdated."""
    rng = random.Random(seed + 17)
    for space in spaces:
        space.likes += rng.randint(0, 5)
        space.trending_score = rng.randrange(200)
        if model_ids and rng.random() < 0.1:
            space.models = list(dict.fromkeys([*space.models[1:], rng.choice(model_ids)]))
            space.modified_ts += 86_400
    for collection in collections:
        added = rng.choice(model_ids) if model_ids and rng.random() < 0.2 else None
        if added is not None and not any(i["id"] == added for i in collection.items):
            position = max((i["position"] for i in collection.items), default=-1) + 1
            collection.items.append(
                {
                    "_id": f"{rng.getrandbits(96):024x}",
                    "id": added,
                    "type": "model",
                    "position": position,
                }
            )
            collection.updated_ts += 86_400
            collection.upvotes += rng.randint(0, 3)


def paper(arxiv_id: str) -> dict[str, Any] | None:
    """`GET /api/papers/{id}`: the paper page of an arXiv id, or None (no page, 404)."""
    rng = random.Random(f"paper:{arxiv_id}")
    if rng.random() < NO_PAPER_SHARE:
        return None
    authors = [
        {"name": f"Author {rng.randrange(500)}", "hidden": False} for _ in range(rng.randint(1, 5))
    ]
    yymm = arxiv_id.split(".", 1)[0]
    published = datetime(2000 + int(yymm[:2]), max(1, min(12, int(yymm[2:]) or 1)), 1, tzinfo=UTC)
    page: dict[str, Any] = {
        "id": arxiv_id,
        "title": f"A study {arxiv_id}",
        "authors": authors,
        "publishedAt": published.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "summary": f"We study {arxiv_id}.",
        "upvotes": rng.randrange(300),
    }
    if rng.random() < 0.5:
        page["githubRepo"] = f"https://github.com/lab-{rng.randrange(50)}/code-{arxiv_id}"
        page["githubStars"] = rng.randrange(20_000)
    return page


def collections(
    models: list[FakeModel], dataset_ids: list[str], space_ids: list[str], count: int, seed: int
) -> list[FakeCollection]:
    """`count` collections of a few models, datasets, Spaces and papers each."""
    rng = random.Random(seed + 13)
    papers = sorted({t[6:] for m in models for t in m.tags if t.startswith("arxiv:")})
    found = []
    for n in range(count):
        owner = rng.choice(("curator", "acme", "labs", "someone"))
        hub_id = f"{rng.getrandbits(96):024x}"
        items: list[dict[str, Any]] = []
        for position in range(rng.randint(1, 9)):
            kind = rng.choice(("model", "model", "model", "dataset", "space", "paper"))
            pool = {
                "model": [m.model_id for m in models],
                "dataset": dataset_ids,
                "space": space_ids,
                "paper": papers,
            }[kind]
            if not pool:
                continue
            chosen = rng.choice(pool)
            if any(i["type"] == kind and i["id"] == chosen for i in items):
                continue  # the Hub lists an item once in a collection
            item: dict[str, Any] = {
                "_id": f"{rng.getrandbits(96):024x}",
                "id": chosen,
                "type": kind,
                "position": position,
            }
            if rng.random() < 0.3:
                text = f"note {position}"
                item["note"] = {"text": text, "html": f"<p>{text}</p>"}
            items.append(item)
        found.append(
            FakeCollection(
                slug=f"{owner}/picks-{n}-{hub_id[:12]}",
                hub_id=hub_id,
                title=f"Picks {n}",
                owner=owner,
                upvotes=rng.randrange(500),
                updated_ts=1_700_000_000 + rng.randrange(60_000_000),
                description=f"Models worth a look, {n}." if rng.random() < 0.7 else None,
                items=items,
            )
        )
    return found


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def space_item(space: FakeSpace, expand: tuple[str, ...]) -> dict[str, Any]:
    """One Space as the listing serves it: the default fields, or `_id`, `id` and those
    expanded (`models`, `datasets` absent when it uses none)."""
    every: dict[str, Any] = {
        "author": space.author,
        "createdAt": iso(space.created_ts),
        "lastModified": iso(space.modified_ts),
        "likes": space.likes,
        "trendingScore": space.trending_score,
        "private": False,
        "sdk": space.sdk,
        "tags": list(space.tags),
        "runtime": {
            "stage": space.stage,
            "hardware": {"current": space.hardware, "requested": space.hardware},
        },
    }
    if space.models:
        every["models"] = list(space.models)
    if space.datasets:
        every["datasets"] = list(space.datasets)
    wanted = expand or ("author", "createdAt", "likes", "private", "sdk", "tags", "trendingScore")
    return {"_id": space.hub_id, "id": space.space_id} | {
        k: v for k, v in every.items() if k in wanted
    }


def collection_item(collection: FakeCollection, *, every_item: bool) -> dict[str, Any]:
    """A collection as the listing (its first items) or `/api/collections/{slug}` serves it."""
    items = collection.items if every_item else collection.items[:LISTED_ITEMS]
    # Its place among its owner's collections comes with the collection alone; a listing
    # item has none (huggingface_hub gives it the listing's order).
    placed = {"position": 0} if every_item else {}
    return placed | {
        "slug": collection.slug,
        "title": collection.title,
        "description": collection.description,
        "owner": {"name": collection.owner, "type": "user"},
        "items": [dict(i) for i in items],
        "lastUpdated": iso(collection.updated_ts),
        "private": False,
        "theme": "orange",
        "upvotes": collection.upvotes,
    }
