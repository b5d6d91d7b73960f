"""One repository's card (a model's or a dataset's README.md) from the Hub's file
resolver, as a record to store: its status, the commit it was read at, the sha256 of the
bytes served and the text (UTF-8, invalid bytes replaced, NULs removed). Redirects are
followed only to the Hub or its CDN, and the token only to the configured endpoint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import structlog
from yarl import URL

from hf_crawler import errors
from hf_crawler.hub.transport import FileAnswer, Transport

log = structlog.get_logger("hf_crawler.card_fetch")
# Where the Hub sends downloads (its CDN hosts end so); nowhere else is followed.
HUB_HOSTS = ("huggingface.co", "hf.co")
MAX_REDIRECTS = 3


@dataclass(frozen=True, slots=True)
class Card:
    """One repository's card as fetched (status ok, missing, too_large, gated or error);
    `kind` is model or dataset."""

    repo_id: str
    status: str
    revision: str | None
    card_sha256: str | None = None
    bytes: int | None = None
    text: str | None = None
    kind: str = "model"


# Where the resolver serves a repository's files: models at the root, datasets below
# /datasets (huggingface_hub's `hf_hub_url`, `REPO_TYPES_URL_PREFIXES`).
URL_PREFIX = {"model": "", "dataset": "datasets/"}


class CardFetcher:
    """Fetches README.md at a revision, through its own transport (the resolvers bucket)."""

    def __init__(self, transport: Transport, endpoint: str, max_bytes: int) -> None:
        self._transport = transport
        self._base = URL(endpoint.rstrip("/"))
        self._max_bytes = max_bytes

    async def fetch(self, repo_id: str, sha: str | None, kind: str = "model") -> Card:
        path = f"{URL_PREFIX[kind]}{repo_id}/resolve/{sha or 'main'}/README.md"
        url = URL(f"{self._base}/{path}", encoded=False)
        try:
            answer = await self._follow(url)
        except errors.HubError as exc:  # retries spent, or a redirect off the Hub
            log.warning(
                "card_failed", repo=repo_id, kind=kind, status=exc.status, reason=exc.reason
            )
            return Card(repo_id, "error", sha, kind=kind)
        return _card(Card(repo_id, "error", sha, kind=kind), answer)

    async def _follow(self, url: URL) -> FileAnswer:
        with_token = True
        for _ in range(MAX_REDIRECTS + 1):
            answer = await self._transport.get_file(url, self._max_bytes, with_token=with_token)
            if answer.status not in (301, 302, 303, 307, 308) or not answer.location:
                return answer
            url = url.join(URL(answer.location))
            if not self._may_follow(url):
                raise errors.HubProtocolError(str(url), answer.status, "redirect off the Hub")
            with_token = url.origin() == self._base.origin()
        raise errors.HubProtocolError(str(url), None, "too many redirects")

    def _may_follow(self, url: URL) -> bool:
        host = url.host or ""
        return url.origin() == self._base.origin() or any(
            host == h or host.endswith("." + h) for h in HUB_HOSTS
        )


def _card(asked: Card, answer: FileAnswer) -> Card:
    """The card `answer` gives for what was `asked` (its repo, kind and revision)."""
    revision = answer.commit or asked.revision
    if answer.status == 200 and answer.body is None:
        return replace(asked, status="too_large", revision=revision, bytes=answer.size)
    if answer.status == 200 and answer.body is not None:
        raw = answer.body
        return replace(
            asked,
            status="ok",
            revision=revision,
            card_sha256=hashlib.sha256(raw).hexdigest(),
            bytes=len(raw),
            text=raw.decode("utf-8", "replace").replace("\x00", ""),
        )
    status = {401: "gated", 403: "gated", 404: "missing"}.get(answer.status, "error")
    return replace(asked, status=status, revision=revision)
