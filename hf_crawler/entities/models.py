"""Models: the record stored of one, and how a `/api/models` item becomes it.

Whatever an item holds, it becomes a record Postgres can store or a counted rejection:

| field | a value Postgres cannot hold, or of the wrong JSON type |
|---|---|
| `id` | the item is rejected: nothing to store it under |
| `likes`, `downloads` | rejected unless a whole number in 0..2**63-1 (a rank counter: no guess) |
| `downloadsAllTime`, `trendingScore` | NULL, and the field is counted as dropped |
| `createdAt`, `lastModified` | NULL and counted: unparseable, or outside what UTC can express |
| `_id`, `pipeline_tag`, `library_name`, `gated`, `private`, `sha` | NULL and counted |
| `author` | the id's namespace instead (it is the author), and counted |
| `tags` | each bad tag is left out and `tags` counted once; not a list: no tags, counted |
| `safetensors`, `gguf` | the part of the wrong shape NULL, and counted (sizes.py) |
| `evalResults` | an entry of the wrong shape left out, and counted (hub_evals.py) |

A page whose every item is already of the shape it is stored in (nearly every page) is
decoded straight into typed items (msgspec) and built at once; any other page is read item
by item by the careful reader. A property test holds the two paths to the same records.
"""

from __future__ import annotations

from hf_crawler.entities import hub_evals, sizes
from hf_crawler.entities.entity import Entity
from hf_crawler.entities.items import (
    REPO_EXPAND,
    ItemFields,
    PlainItem,
    RepoRecord,
    checked,
    read_item,
)
from hf_crawler.records import Rejection

# Only the fields we store (the allowed values are listed in huggingface_hub's
# `HfApi.list_models` docstring).
STORED_EXPAND = ("evalResults", "gguf", "library_name", "pipeline_tag", "safetensors")
EXPAND = tuple(sorted((*REPO_EXPAND, *STORED_EXPAND)))


class ModelRecord(RepoRecord, frozen=True, kw_only=True):
    """One model as the Hub listed it, reduced to the allow-listed fields we store."""

    model_id: str
    pipeline_tag: str | None
    library_name: str | None
    params_total: int | None = None  # safetensors' total as served, else the GGUF total
    params_source: str | None = None  # safetensors or gguf
    params_by_dtype: str | None = None  # safetensors' parameters by dtype, as JSON
    gguf_architecture: str | None = None
    gguf_context_length: int | None = None
    eval_results: str | None = None  # its listed evaluation results, as JSON (hub_evals.py)

    @property
    def repo_id(self) -> str:
        return self.model_id


def parse_item(raw: object, *, safe_text: bool = False) -> ModelRecord | Rejection:
    """Turn one listing item into a record, or say in a few words why not; `safe_text`
    (from `text_is_safe`) skips checking each string."""
    return read_item(raw, safe_text, _careful_record, id_keys=("id", "modelId"))


def _careful_record(item: ItemFields, model_id: str) -> ModelRecord:
    fields = item.repo_fields(model_id)
    pipeline_tag = item.field("pipeline_tag", item.text)
    library_name = item.field("library_name", item.text)
    size = sizes.careful_sizes(item.raw, item.dropped, item.text)
    evals = hub_evals.careful_evals(item.raw.get("evalResults"), item.dropped, item.text)
    return ModelRecord(
        model_id=model_id,
        pipeline_tag=pipeline_tag,
        library_name=library_name,
        eval_results=evals,
        dropped=tuple(item.dropped),
        **size,
        **fields,
    )


def plain_record(item: PlainItem) -> ModelRecord | None:
    """The record of a plain item of a page proved safe, as the careful reader makes it;
    None when the careful reader would reject the item or drop one of its fields."""
    plain, evals = checked(item), hub_evals.plain_evals(item.evalResults)
    if plain is None or isinstance(evals, bool):
        return None
    model_id, fields = plain
    return ModelRecord(
        model_id=model_id,
        pipeline_tag=item.pipeline_tag or None,
        library_name=item.library_name or None,
        **sizes.plain_sizes(item.safetensors, item.gguf),
        eval_results=evals,
        **fields,
    )


# How a task selects its models: by tag (any tag, the pipeline tag among them) or by the
# pipeline tag alone (`--match`).
MATCH_PARAM = {"tag": "filter", "pipeline": "pipeline_tag"}

MODELS: Entity[ModelRecord] = Entity(
    name="models",
    kind="model",
    route="/api/models",
    expand=EXPAND,
    task_filter=lambda task_id, match: (MATCH_PARAM[match], task_id),
    parse_item=lambda raw, safe_text: parse_item(raw, safe_text=safe_text),
    plain_record=plain_record,
    columns=(
        "hub_id",
        "license",
        "likes",
        "downloads",
        "last_modified",
        "pipeline_tag",
        "library_name",
        "author",
        "created_at_hub",
        "trending_score",
        "downloads_all_time",
        "gated",
        "private",
        "sha",
        "params_total",
        "params_source",
        "params_by_dtype",
        "gguf_architecture",
        "gguf_context_length",
        "eval_results",
    ),
    coverage="task_runs",
    coverage_count="models",
    snapshots="task_snapshots",
    first=True,
    # What a model's tags say of other repos (its lineage, the datasets it names), and when
    # it was last seen in a ranking it leaves; a swap stamps its tasks as synced.
    after_merge=("merge_lineage", "merge_dataset_tags"),
    # The class of its licence, read through hf.licenses by the merge that stores it.
    derived=("license_class",),
    before_swap=("stamp_leaving_models",),
    after_swap=("touch_tasks",),
)
