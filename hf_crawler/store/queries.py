"""Named SQL: one field per `sql/queries/<name>.sql`, and the ordered migrations.

The SQL files name the schema `hf.`; `for_schema` swaps in the configured schema after
checking it is a plain identifier, the only text ever spliced into SQL. Values always go
through `$n` parameters.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hf_crawler import identifiers

_MIGRATION = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def sql_dir() -> Path:
    """`sql/` beside the package (a checkout, an editable install) or inside it (a wheel)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "sql", package.parent / "sql"):
        if (candidate / "queries").is_dir():
            return candidate
    raise ImportError(f"no sql/ directory in or next to {package}")


class Queries:
    """Every named statement, rendered for one schema. A statement is read from its file
    and rendered when first used: a command uses a few of them (a crawl about a third), and
    reading all 120 files cost every command about 10 ms before its first request."""

    create_schema: str
    create_migrations_table: str
    lock_migrations: str
    applied_migrations: str
    record_migration: str
    add_migration_hashes: str
    applied_migration_hashes: str
    record_migration_hashes: str
    migration_is_applied: str
    set_lock_timeout: str
    set_statement_timeout: str
    set_merge_memory: str
    touch_tasks: str
    merge_tasks: str
    start_run: str
    latest_run: str
    last_full_sync: str
    save_checkpoint: str
    stamp_leaving_models: str
    merge_lineage: str
    merge_dataset_tags: str
    schema_is_set_up: str
    status_recent_runs: str
    prune_first_kept_run: str
    prune_unlink_resumes: str
    prune_old_runs: str
    update_run: str
    count_run_models: str
    record_run_size: str
    vacuum_hot_tables: str
    storage_sizes: str
    take_lease: str
    read_lease: str
    lease_schemas: str
    bind_lease: str
    renew_lease: str
    release_lease: str
    close_dead_runs: str
    status_runs: str
    last_walk_size: str
    close_resumed_chain: str
    cards_to_fetch: str
    create_stage_cards: str
    clear_card_parts: str
    merge_card_texts: str
    dataset_cards_to_fetch: str
    record_card_history: str
    create_stage_card_evals: str
    insert_card_evals: str
    unparsed_card_texts: str
    store_card_meta: str
    create_stage_card_sections: str
    insert_card_sections: str
    refresh_model_terms: str
    refresh_model_priors: str
    search_models: str
    pick_models: str
    show_model: str
    resolve_model: str
    details_due: str
    report_models_by_spaces: str
    report_newest_papers: str
    report_top_collections: str
    papers_due: str
    merge_papers: str
    note_paper_misses: str
    collection_items_due: str
    merge_collection_items: str
    set_merging_run: str
    set_export_run: str
    run_has_rankings: str
    changes_since: str
    run_before: str
    merge_model_details: str
    search_filters_unknown: str
    search_exact_hits: str
    embedding_models: str
    embedding_dims: str
    delete_section_embeddings: str
    drop_section_embeddings: str
    create_section_embeddings: str
    sections_to_embed: str
    insert_section_embeddings: str
    semantic_sections: str
    embedding_sizes: str
    vector_table_exists: str
    models_in_brief: str
    report_cards: str
    report_card_licenses: str
    report_card_base_models: str
    heartbeat: str
    report_counts: str
    report_duplicates: str
    report_orphans: str
    report_rank_gaps: str
    report_top_tasks: str
    report_top_models: str
    report_last_run: str
    report_columns: str
    report_indexes: str
    report_movers: str
    report_top_n_changes: str
    report_chart_runs: str
    report_chart_downloads: str
    report_chart_ranks: str
    report_models_per_task: str
    report_license_mix: str
    report_license_classes: str
    report_families: str
    report_dataset_tasks: str
    report_datasets_used: str
    record_exposure: str
    apply_exposure: str
    revoke_exposure: str
    missing_roles: str
    exposure_ready: str

    def __init__(self, schema: str) -> None:
        self._schema = _checked(schema)

    if not TYPE_CHECKING:  # to a type checker every statement is a declared `str` field

        def __getattr__(self, name: str) -> str:
            """The statement `name`, read and rendered once, then kept on the instance."""
            if name not in NAMES:
                raise AttributeError(f"no query named {name!r}")
            sql = render(_read(name), self._schema)
            setattr(self, name, sql)
            return sql


# The statements' names: the fields declared above, one file each in sql/queries/.
NAMES = frozenset(name for name in Queries.__annotations__ if not name.startswith("_"))


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration file as written, with its `sha256` (before rendering, so one file has
    one hash whatever the schema); `sql` is rendered for `schema` only when asked for: a
    run that applies nothing renders none (30 files: about 7 ms of every command's start)."""

    version: int
    name: str
    text: str
    sha256: str
    schema: str

    @property
    def sql(self) -> str:
        return render(self.text, self.schema)

    @property
    def file_name(self) -> str:
        return f"{self.version:04d}_{self.name}.sql"


def file_hash(text: str) -> str:
    """The sha256 of a migration's text, line endings normalized: a checkout that writes
    CRLF line endings has not changed the migration."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode()).hexdigest()


def render(sql: str, schema: str) -> str:
    """The statement with `hf.` pointing at `schema`; refuses anything but an identifier,
    and quotes it, so a reserved word such as `full` or `user` works too."""
    schema = _checked(schema)
    sql = re.sub(r"\bhf\.", f'"{schema}".', sql)
    return re.sub(r"\bSCHEMA IF NOT EXISTS hf\b", f'SCHEMA IF NOT EXISTS "{schema}"', sql)


def _checked(schema: str) -> str:
    if not identifiers.is_schema(schema):
        raise ValueError(f"schema {schema!r} is not a plain lower-case identifier")
    return schema


def _read(name: str) -> str:
    return (_queries_dir() / f"{name}.sql").read_text()


@functools.cache
def _queries_dir() -> Path:
    """Found once: each statement read later is one file open, not a search of the disk."""
    return sql_dir() / "queries"


@functools.cache
def for_schema(schema: str = "hf") -> Queries:
    """All queries for one schema (cached, each statement rendered on first use)."""
    return Queries(schema)


def migrations(schema: str = "hf") -> tuple[Migration, ...]:
    """`sql/migrations/NNNN_name.sql` in version order, for `schema` (checked here)."""
    found = []
    for version, name, path in _migration_files():
        text = path.read_text()
        found.append(Migration(version, name, text, file_hash(text), _checked(schema)))
    return tuple(found)


def migration_versions() -> frozenset[int]:
    """The versions this code knows, from the files' names alone (a read-only command
    checks the schema's version without reading every migration)."""
    return frozenset(version for version, _, _ in _migration_files())


def _migration_files() -> list[tuple[int, str, Path]]:
    """(version, name, path) in version order. Two files of one version are refused: the
    log records a version once, so one of them would never run."""
    found: dict[int, tuple[int, str, Path]] = {}
    for path in sorted((sql_dir() / "migrations").glob("*.sql")):
        match = _MIGRATION.match(path.name)
        if match is None:
            raise ImportError(f"migration file {path.name} is not named NNNN_name.sql")
        version = int(match[1])
        if version in found:
            twin = f"{match[1]}_{found[version][1]}.sql"
            raise ImportError(f"migrations {twin} and {path.name} have one version")
        found[version] = (version, match[2], path)
    return list(found.values())


def _check_files() -> None:
    """A missing query file fails at import, not halfway through a run (one directory
    listing; the files are read when used)."""
    missing = NAMES - {path.stem for path in (sql_dir() / "queries").glob("*.sql")}
    if missing:
        raise ImportError(f"no sql/queries/ file for {', '.join(sorted(missing))}")


_check_files()
