"""Papers: what `GET /api/papers/{arxiv_id}` tells of the paper behind a model's or a
dataset's `arxiv:` tag, read as huggingface_hub's `PaperInfo` reads it (title, authors,
publishedAt, upvotes, summary, githubRepo, githubStars; the page's own fields, or those
under `paper`). Read carefully: a field of the wrong shape is NULL, and counted."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hf_crawler.entities import values
from hf_crawler.entities.lookup import Lookup


@dataclass(frozen=True, slots=True)
class Paper:
    arxiv_id: str
    title: str | None
    authors: tuple[str, ...] | None
    published_at: datetime | None
    upvotes: int | None
    summary: str | None
    github_repo: str | None
    github_stars: int | None
    dropped: tuple[str, ...] = ()

    def row(self) -> tuple[object, ...]:
        """Its values as merge_papers.sql takes them (authors as a JSON array)."""
        authors = None if self.authors is None else json.dumps(list(self.authors))
        return (
            self.arxiv_id,
            self.title,
            authors,
            self.published_at,
            self.upvotes,
            self.summary,
            self.github_repo,
            self.github_stars,
        )


def read_paper(arxiv_id: str, raw: object) -> Paper:
    """The paper page of `arxiv_id`."""
    page: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    nested = page.get("paper")
    inner: Mapping[str, Any] = nested if isinstance(nested, Mapping) else {}
    dropped: list[str] = [] if isinstance(raw, Mapping) else ["body"]

    def field(key: str, convert: Any, *, nested_first: bool = True) -> Any:
        value = (inner.get(key) if nested_first else None) or page.get(key)
        if value is None:
            return None
        converted = convert(value)
        if converted is None:
            dropped.append(key)
        return converted

    return Paper(
        arxiv_id=arxiv_id,
        title=field("title", values.text, nested_first=False),
        authors=field("authors", _authors),
        published_at=field("publishedAt", values.timestamp),
        upvotes=field("upvotes", values.small_count),
        summary=field("summary", values.text),
        github_repo=field("githubRepo", values.text, nested_first=False),
        github_stars=field("githubStars", values.small_count, nested_first=False),
        dropped=tuple(dropped),
    )


def _authors(value: object) -> tuple[str, ...] | None:
    """The authors' names (`[{"name": ...}]`); None when the list is of another shape."""
    if not isinstance(value, list):
        return None
    names = [a.get("name") if isinstance(a, Mapping) else None for a in value]
    if not all(isinstance(n, str) for n in names):
        return None
    return tuple(str(n) for n in names)


PAPERS = Lookup(
    name="papers",
    budget_setting="papers_budget",
    due="papers_due",
    store="merge_papers",
    missing="note_paper_misses",  # remembered, so it is asked again at most weekly
    path=lambda arxiv_id: f"/api/papers/{arxiv_id}",
    params=(),
    read=read_paper,
)
