"""What describes one kind of Hub repository to the crawler: where the Hub lists it, what
of it is asked for and kept, and how an item becomes its record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from hf_crawler.entities.items import PlainItem
from hf_crawler.records import Rejection


class Record(Protocol):
    """What every entity's record offers the crawl and the store: the repo's id, whether it
    is private, the fields it had to drop, its tags and the counters its history keeps."""

    @property
    def repo_id(self) -> str: ...
    @property
    def private(self) -> bool | None: ...
    @property
    def dropped(self) -> tuple[str, ...]: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def downloads(self) -> int | None: ...
    @property
    def likes(self) -> int | None: ...
    @property
    def trending_score(self) -> float | None: ...
    @property
    def downloads_all_time(self) -> int | None: ...
    @property
    def last_modified(self) -> datetime | None: ...


R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class Entity(Generic[R]):
    """One entity, described once; the client, the crawl and the store read it."""

    name: str  # plural, as `--repos` names it: "models"
    kind: str  # singular, as a log event names one: "model"
    route: str  # the Hub's listing: "/api/models"
    expand: tuple[str, ...]  # the fields asked for: only those stored
    # The listing's query parameter that selects one task's repos, by the crawl's `--match`
    # (None: an entity ranked in lists of its own, `lists`, not per task).
    task_filter: Callable[[str, str], tuple[str, str] | None]
    # A listing item -> its record, or a rejection; `safe_text` skips checking each string.
    parse_item: Callable[[object, bool], R | Rejection]
    # A plain item of a page proved safe -> its record (None: read the page with parse_item).
    # None for an entity whose fields are not in the plain shape: its pages are read by
    # parse_item at once, not decoded twice.
    plain_record: Callable[[PlainItem], R | None] | None
    # Where it is stored: `hf.<name>`, keyed by `<kind>_id`, with its snapshot code in
    # `<kind>_key`; `columns` are the record's fields stored under the same names beside the
    # id and the tags. Its rankings are `hf.<kind>_tasks` (`hf.<kind>_ranks` for an
    # entity with lists of its own); the runs that covered a ranking and how many each
    # ranked, `hf.<coverage>`; its history, one row per ranking and run, in
    # `hf.<snapshots>`.
    columns: tuple[str, ...]
    coverage: str
    coverage_count: str
    snapshots: str
    # Named queries run in each merge's transaction: after the rows are upserted (on the
    # staged rows); before a ranking swap (given the tasks and the match); after it (given
    # the tasks).
    # The catalogue's first entity (models): its log events and dry-run lines carry no
    # entity name, as they did before there were others.
    first: bool = False
    after_merge: tuple[str, ...] = ()
    before_swap: tuple[str, ...] = ()
    after_swap: tuple[str, ...] = ()
    # Stored columns the Hub does not send, each computed by the merge from the staged row
    # (`sql/fragments/<name>_<column>.sql`: a licence's class read through hf.licenses).
    derived: tuple[str, ...] = ()
    # An entity the Hub ranks across the whole Hub, not per task (Spaces by likes): the
    # lists it is ranked in, each named after the listing's sort, which a run crawls as it
    # crawls tasks. Empty: ranked per task, by the run's `--sort`.
    lists: tuple[str, ...] = ()
    # The setting that says how many of each ranking a run keeps.
    top_setting: str = "limit_per_task"
    # The largest page its listing serves.
    page_size: int = 1000
    # The column its id is stored in, when not `<kind>_id` (a collection's slug).
    id_name: str | None = None
    # The history's four counters (downloads, likes, trending score, all-time downloads):
    # the column of each, or None where the Hub counts none for this entity.
    counters: tuple[str | None, str | None, str | None, str | None] = (
        "downloads",
        "likes",
        "trending_score",
        "downloads_all_time",
    )
    # A merge stamps every staged row as seen (`last_synced_at`), changed or not: for an
    # entity whose rows say when a run last listed them.
    stamps_seen: bool = False
    # Whether its repos have cards the cards run reads (`hf.<kind>_cards`).
    cards: bool = True
    # Whether its items have tags (stored as `tags`, JSON); collections have none.
    tagged: bool = True

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """Every column a merge writes beside the id and tags: the sent ones, then the derived."""
        return self.columns + self.derived

    @property
    def id_column(self) -> str:
        return self.id_name or f"{self.kind}_id"

    @property
    def list_column(self) -> str:
        """The column naming a ranking: its task, or for an entity with lists, the list."""
        return "ranking" if self.lists else "task_id"

    @property
    def rank_column(self) -> str:
        return "rank" if self.lists else "rank_in_task"

    @property
    def key_column(self) -> str:
        return f"{self.kind}_key"

    @property
    def rankings(self) -> str:
        return f"{self.kind}_ranks" if self.lists else f"{self.kind}_tasks"
