-- Every table, view, function and column says what it holds, so `\d+` in psql, Supabase's
-- table editor and the generated schema reference explain themselves. Comments only: no
-- table is rewritten or locked beyond the moment each comment takes. Operational tables
-- keep the 'operational:' prefix the exposure rule reads (hf.apply_exposure never exposes
-- them).

-- The catalogue -------------------------------------------------------------------------

COMMENT ON TABLE hf.tasks IS
    'The Hub''s tasks (pipeline tags) the crawl ranks models in, one row each.';
COMMENT ON COLUMN hf.tasks.task_id IS 'The task''s id as the Hub writes it: text-generation, image-classification.';
COMMENT ON COLUMN hf.tasks.task_label IS 'Its human-readable name, as /api/tasks gives it.';
COMMENT ON COLUMN hf.tasks.source IS
    'Which listing named it: api_tasks (/api/tasks) or pipeline_tags (only the Hub''s pipeline-tag list).';
COMMENT ON COLUMN hf.tasks.created_at IS 'When it was first stored here.';
COMMENT ON COLUMN hf.tasks.last_synced_at IS 'When a crawl last replaced its ranking of models (NULL: never ranked yet).';

COMMENT ON TABLE hf.models IS
    'Every model the crawl has seen, once, whatever number of tasks rank it. A row is rewritten only when a field changed.';
COMMENT ON COLUMN hf.models.model_id IS 'The repository id, owner/name; it changes when the repository is renamed.';
COMMENT ON COLUMN hf.models.hub_id IS 'The Hub''s stable internal id (_id), unchanged by a rename.';
COMMENT ON COLUMN hf.models.license IS 'Its licence: the card''s license field when it has one, else the license: tag.';
COMMENT ON COLUMN hf.models.likes IS 'Likes on the Hub when last seen.';
COMMENT ON COLUMN hf.models.downloads IS 'Downloads over the last 30 days (the Hub''s rolling count) when last seen.';
COMMENT ON COLUMN hf.models.last_modified IS 'When its repository last changed on the Hub (lastModified).';
COMMENT ON COLUMN hf.models.tags IS 'Its tags as the Hub lists them (a JSON array of strings).';
COMMENT ON COLUMN hf.models.pipeline_tag IS 'The task the Hub files it under (pipeline_tag), NULL when none.';
COMMENT ON COLUMN hf.models.library_name IS 'The library it is used with (transformers, diffusers, ...), as the Hub says.';
COMMENT ON COLUMN hf.models.author IS 'Its owner as the Hub lists it (else the part of model_id before the slash).';
COMMENT ON COLUMN hf.models.created_at_hub IS
    'When the repository was created on the Hub (createdAt); NULL for the Hub''s placeholder 2022-03-02T23:29:04Z, which means unknown.';
COMMENT ON COLUMN hf.models.trending_score IS 'The Hub''s trending score (recent likes, weighted) when last seen.';
COMMENT ON COLUMN hf.models.downloads_all_time IS 'Downloads since the repository was created, when last seen.';
COMMENT ON COLUMN hf.models.gated IS 'Whether access is gated: false, auto (granted on request) or manual (an owner approves).';
COMMENT ON COLUMN hf.models.created_at IS 'When it was first stored here.';
COMMENT ON COLUMN hf.models.updated_at IS 'When one of its fields last changed here.';
COMMENT ON COLUMN hf.models.private IS 'Whether the Hub listed it as private (a crawl signed in may see its own private repositories; they are skipped).';
COMMENT ON COLUMN hf.models.sha IS 'The repository''s current commit as listed: a card is fetched again only when it moves.';
COMMENT ON COLUMN hf.models.model_key IS 'Its code in the history snapshots (hf.task_snapshots), given when first ranked; NULL: never ranked.';
COMMENT ON COLUMN hf.models.first_run_id IS 'The run that gave it model_key: no snapshot before that run holds it.';

COMMENT ON TABLE hf.model_tasks IS
    'Each task''s current top models by downloads: one row per model per task, replaced whole per task by the run that covers it.';
COMMENT ON COLUMN hf.model_tasks.model_id IS 'The model (hf.models).';
COMMENT ON COLUMN hf.model_tasks.task_id IS 'The task (hf.tasks).';
COMMENT ON COLUMN hf.model_tasks.rank_in_task IS 'Its place in the task''s ranking by downloads, 1 the most downloaded; one model per rank.';
COMMENT ON COLUMN hf.model_tasks.matched_by IS
    'How the Hub''s filter found it for the task: tag (its tags name the task) or pipeline (its pipeline_tag is the task).';
COMMENT ON COLUMN hf.model_tasks.created_at IS 'When the model first entered this task''s ranking (kept while it stays in it).';

COMMENT ON TABLE hf.datasets IS
    'Every dataset the crawl has seen (with --repos datasets), once; shaped and kept as hf.models is.';
COMMENT ON COLUMN hf.datasets.dataset_id IS 'The repository id, owner/name.';
COMMENT ON COLUMN hf.datasets.hub_id IS 'The Hub''s stable internal id (_id), unchanged by a rename.';
COMMENT ON COLUMN hf.datasets.author IS 'Its owner as the Hub lists it (else the part of dataset_id before the slash).';
COMMENT ON COLUMN hf.datasets.license IS 'Its licence: the card''s license field when it has one, else the license: tag.';
COMMENT ON COLUMN hf.datasets.likes IS 'Likes on the Hub when last seen.';
COMMENT ON COLUMN hf.datasets.downloads IS 'Downloads over the last 30 days when last seen.';
COMMENT ON COLUMN hf.datasets.downloads_all_time IS 'Downloads since the repository was created, when last seen.';
COMMENT ON COLUMN hf.datasets.trending_score IS 'The Hub''s trending score when last seen.';
COMMENT ON COLUMN hf.datasets.tags IS 'Its tags as the Hub lists them (a JSON array of strings).';
COMMENT ON COLUMN hf.datasets.task_categories IS 'The tasks its task_categories: tags name (the task ids models use).';
COMMENT ON COLUMN hf.datasets.languages IS 'The languages its language: tags name.';
COMMENT ON COLUMN hf.datasets.size_category IS 'Its size_categories: tag (n<1K, 1K<n<10K, ...).';
COMMENT ON COLUMN hf.datasets.gated IS 'Whether access is gated: false, auto or manual.';
COMMENT ON COLUMN hf.datasets.private IS 'Whether the Hub listed it as private (skipped by the crawl).';
COMMENT ON COLUMN hf.datasets.sha IS 'The repository''s current commit as listed: its card is fetched again only when it moves.';
COMMENT ON COLUMN hf.datasets.created_at_hub IS 'When the repository was created on the Hub (NULL: unknown).';
COMMENT ON COLUMN hf.datasets.last_modified IS 'When its repository last changed on the Hub.';
COMMENT ON COLUMN hf.datasets.created_at IS 'When it was first stored here.';
COMMENT ON COLUMN hf.datasets.updated_at IS 'When one of its fields last changed here.';
COMMENT ON COLUMN hf.datasets.last_synced_at IS 'When a crawl last wrote its row (see hf.dataset_last_seen for when it was last seen).';
COMMENT ON COLUMN hf.datasets.dataset_key IS 'Its code in the history snapshots (hf.dataset_snapshots); NULL: never ranked.';
COMMENT ON COLUMN hf.datasets.first_run_id IS 'The run that gave it dataset_key: no snapshot before that run holds it.';

COMMENT ON TABLE hf.dataset_tasks IS
    'Each task''s current top datasets by downloads, replaced whole per task by the run that covers it.';
COMMENT ON COLUMN hf.dataset_tasks.dataset_id IS 'The dataset (hf.datasets).';
COMMENT ON COLUMN hf.dataset_tasks.task_id IS 'The task (hf.tasks).';
COMMENT ON COLUMN hf.dataset_tasks.rank_in_task IS 'Its place in the task''s ranking by downloads, 1 the most downloaded.';
COMMENT ON COLUMN hf.dataset_tasks.created_at IS 'When the dataset first entered this task''s ranking.';
COMMENT ON COLUMN hf.dataset_tasks.matched_by IS 'How it was found for the task: tag (its task_categories: tag).';

COMMENT ON TABLE hf.model_lineage IS
    'Which models a model derives from, read from its base_model: tags: one row per edge, kept in step with its tags by every crawl.';
COMMENT ON COLUMN hf.model_lineage.model_id IS 'The derived model (hf.models).';
COMMENT ON COLUMN hf.model_lineage.base_model_id IS 'The model it derives from; an id the catalogue may not hold.';
COMMENT ON COLUMN hf.model_lineage.relation IS 'How: finetune, adapter, quantized, merge, or unspecified (a bare base_model:<id> tag).';

COMMENT ON TABLE hf.model_dataset_tags IS
    'The datasets a model''s dataset:<id> tags name, replaced by every crawl that stores the model.';
COMMENT ON COLUMN hf.model_dataset_tags.model_id IS 'The model (hf.models).';
COMMENT ON COLUMN hf.model_dataset_tags.dataset_id IS 'The dataset its tag names; an id the catalogue may not hold.';

-- History ---------------------------------------------------------------------------------

COMMENT ON TABLE hf.crawl_runs IS
    'The run log: one row per run of hf-crawl that writes (crawls and cards runs), with what it did and how it ended.';
COMMENT ON COLUMN hf.crawl_runs.run_id IS 'The run''s number, increasing.';
COMMENT ON COLUMN hf.crawl_runs.started_at IS 'When it started.';
COMMENT ON COLUMN hf.crawl_runs.finished_at IS 'When it ended (NULL while it runs).';
COMMENT ON COLUMN hf.crawl_runs.status IS
    'running, succeeded, partial (some tasks failed), failed, interrupted, abandoned (it stopped renewing its heartbeat) or resumed (a later run finished its work).';
COMMENT ON COLUMN hf.crawl_runs.parameters IS 'Its settings, secrets left out (JSON).';
COMMENT ON COLUMN hf.crawl_runs.tasks_ok IS 'Tasks whose model ranking it stored.';
COMMENT ON COLUMN hf.crawl_runs.tasks_failed IS 'Tasks whose model ranking it could not fetch (their previous ranking kept).';
COMMENT ON COLUMN hf.crawl_runs.models IS 'Distinct models it stored (cards runs: cards stored).';
COMMENT ON COLUMN hf.crawl_runs.mappings IS 'Model-task rankings it stored (rows of hf.model_tasks).';
COMMENT ON COLUMN hf.crawl_runs.requests IS 'HTTP requests it sent to the Hub.';
COMMENT ON COLUMN hf.crawl_runs.retries IS 'Requests it sent again after a failure.';
COMMENT ON COLUMN hf.crawl_runs.rate_limited IS 'Answers of 429 (rate limited) it received.';
COMMENT ON COLUMN hf.crawl_runs.malformed IS 'Items of a listing it could not read, skipped and counted.';
COMMENT ON COLUMN hf.crawl_runs.duplicates IS 'Items listed twice in one task''s ranking, stored once.';
COMMENT ON COLUMN hf.crawl_runs.error IS 'Why it failed, in one line (NULL when it did not).';
COMMENT ON COLUMN hf.crawl_runs.mode IS
    'top (each task''s top N), all (a walk of the whole Hub), since (what changed since a time) or cards.';
COMMENT ON COLUMN hf.crawl_runs.next_url IS 'A walk''s checkpoint: the page to resume from (NULL when done).';
COMMENT ON COLUMN hf.crawl_runs.resumed_from IS 'The run whose checkpoint it resumed.';
COMMENT ON COLUMN hf.crawl_runs.since_at IS 'In mode since: the time it looked for changes after.';
COMMENT ON COLUMN hf.crawl_runs.heartbeat_at IS 'When it last said it was alive; a running run silent for long is closed as abandoned.';
COMMENT ON COLUMN hf.crawl_runs.fields_dropped IS 'Fields of otherwise good items it left out (a value too long or of the wrong type).';
COMMENT ON COLUMN hf.crawl_runs.private_skipped IS 'Private repositories it skipped.';
COMMENT ON COLUMN hf.crawl_runs.failed_phase IS 'The phase it failed in (connecting, listing tasks, crawling, ...).';
COMMENT ON COLUMN hf.crawl_runs.database_bytes IS 'The database''s size at its end (pg_database_size: what a hosting bill counts).';
COMMENT ON COLUMN hf.crawl_runs.schema_bytes IS 'This schema''s tables with their indexes and TOAST at its end.';
COMMENT ON COLUMN hf.crawl_runs.dataset_tasks_ok IS 'Tasks whose dataset ranking it stored.';
COMMENT ON COLUMN hf.crawl_runs.dataset_tasks_failed IS 'Tasks whose dataset ranking it could not fetch.';
COMMENT ON COLUMN hf.crawl_runs.datasets IS 'Distinct datasets it stored.';
COMMENT ON COLUMN hf.crawl_runs.dataset_mappings IS 'Dataset-task rankings it stored (rows of hf.dataset_tasks).';

COMMENT ON TABLE hf.task_runs IS 'Which run covered which task''s models: one row per task a run ranked.';
COMMENT ON COLUMN hf.task_runs.task_id IS 'The task.';
COMMENT ON COLUMN hf.task_runs.run_id IS 'The run that stored its ranking.';
COMMENT ON COLUMN hf.task_runs.models IS 'How many models the ranking held.';

COMMENT ON TABLE hf.dataset_task_runs IS 'Which run covered which task''s datasets: one row per task a run ranked.';
COMMENT ON COLUMN hf.dataset_task_runs.task_id IS 'The task.';
COMMENT ON COLUMN hf.dataset_task_runs.run_id IS 'The run that stored its ranking.';
COMMENT ON COLUMN hf.dataset_task_runs.datasets IS 'How many datasets the ranking held.';

COMMENT ON TABLE hf.task_snapshots IS
    'The history of models: one row per task per run that covered it, holding the ranking and its models'' counters as arrays in rank order (read them with hf.ranking_at, hf.model_stats_at and the history views).';
COMMENT ON COLUMN hf.task_snapshots.run_id IS 'The run.';
COMMENT ON COLUMN hf.task_snapshots.task_id IS 'The task.';
COMMENT ON COLUMN hf.task_snapshots.written IS 'Write order: of a model ranked in two tasks of one run, the counters written last hold.';
COMMENT ON COLUMN hf.task_snapshots.model_keys IS 'The ranking: model codes (hf.model_keys), delta-coded, in rank order.';
COMMENT ON COLUMN hf.task_snapshots.downloads IS 'Downloads in rank order, delta-coded, when every value fits an integer (else wide_downloads).';
COMMENT ON COLUMN hf.task_snapshots.likes IS 'Likes in rank order when every value fits an integer (else wide_likes).';
COMMENT ON COLUMN hf.task_snapshots.trending_tenths IS 'Trending scores in tenths, rank order, when that is exact (else wide_trending_score).';
COMMENT ON COLUMN hf.task_snapshots.downloads_all_time IS 'All-time downloads in rank order when every value fits an integer (else wide_downloads_all_time).';
COMMENT ON COLUMN hf.task_snapshots.wide_downloads IS 'Downloads at full width, delta-coded, when they do not fit downloads.';
COMMENT ON COLUMN hf.task_snapshots.wide_likes IS 'Likes at full width when they do not fit likes.';
COMMENT ON COLUMN hf.task_snapshots.wide_trending_score IS 'Trending scores as written when tenths would not be exact.';
COMMENT ON COLUMN hf.task_snapshots.wide_downloads_all_time IS 'All-time downloads at full width when they do not fit downloads_all_time.';

COMMENT ON TABLE hf.dataset_snapshots IS
    'The history of datasets, stored as hf.task_snapshots stores models'': one row per task per run (read with hf.dataset_ranking_at, hf.dataset_stats_at).';
COMMENT ON COLUMN hf.dataset_snapshots.run_id IS 'The run.';
COMMENT ON COLUMN hf.dataset_snapshots.task_id IS 'The task.';
COMMENT ON COLUMN hf.dataset_snapshots.dataset_keys IS 'The ranking: dataset codes (hf.dataset_keys), delta-coded, in rank order.';
COMMENT ON COLUMN hf.dataset_snapshots.downloads IS 'Downloads in rank order, delta-coded, when every value fits an integer (else wide_downloads).';
COMMENT ON COLUMN hf.dataset_snapshots.likes IS 'Likes in rank order when every value fits an integer (else wide_likes).';
COMMENT ON COLUMN hf.dataset_snapshots.trending_tenths IS 'Trending scores in tenths, rank order, when that is exact (else wide_trending_score).';
COMMENT ON COLUMN hf.dataset_snapshots.downloads_all_time IS 'All-time downloads in rank order when every value fits an integer (else wide_downloads_all_time).';
COMMENT ON COLUMN hf.dataset_snapshots.wide_downloads IS 'Downloads at full width, delta-coded, when they do not fit downloads.';
COMMENT ON COLUMN hf.dataset_snapshots.wide_likes IS 'Likes at full width when they do not fit likes.';
COMMENT ON COLUMN hf.dataset_snapshots.wide_trending_score IS 'Trending scores as written when tenths would not be exact.';
COMMENT ON COLUMN hf.dataset_snapshots.wide_downloads_all_time IS 'All-time downloads at full width when they do not fit downloads_all_time.';
COMMENT ON COLUMN hf.dataset_snapshots.written IS 'Write order: of a dataset ranked in two tasks of one run, the counters written last hold.';

COMMENT ON TABLE hf.retired_model_keys IS
    'The snapshot codes of models deleted since they were ranked, so old snapshots still read (hf.model_keys lists them with the live ones).';
COMMENT ON COLUMN hf.retired_model_keys.model_key IS 'The code.';
COMMENT ON COLUMN hf.retired_model_keys.model_id IS 'The model it stood for.';
COMMENT ON COLUMN hf.retired_model_keys.first_run_id IS 'The run that gave the code.';

COMMENT ON TABLE hf.retired_dataset_keys IS
    'The snapshot codes of datasets deleted since they were ranked, so old snapshots still read.';
COMMENT ON COLUMN hf.retired_dataset_keys.dataset_key IS 'The code.';
COMMENT ON COLUMN hf.retired_dataset_keys.dataset_id IS 'The dataset it stood for.';
COMMENT ON COLUMN hf.retired_dataset_keys.first_run_id IS 'The run that gave the code.';

-- Cards -----------------------------------------------------------------------------------

COMMENT ON TABLE hf.card_texts IS
    'Each distinct card text (a repository''s README.md) once, shared by every model and dataset that serves it, with its parsed front matter.';
COMMENT ON COLUMN hf.card_texts.card_sha256 IS 'The sha256 of the bytes served: the text''s key.';
COMMENT ON COLUMN hf.card_texts.text IS 'The card as served (UTF-8).';
COMMENT ON COLUMN hf.card_texts.meta IS 'Its YAML front matter as JSON, read as huggingface_hub reads it (NULL: none or invalid).';
COMMENT ON COLUMN hf.card_texts.meta_status IS 'How the front matter parsed: ok, none (no block or an empty one) or invalid; NULL: not parsed yet.';
COMMENT ON COLUMN hf.card_texts.meta_error IS 'The parser''s words when meta_status is invalid.';

COMMENT ON TABLE hf.model_cards IS 'Where each model''s card stands: fetched at which commit, with what outcome.';
COMMENT ON COLUMN hf.model_cards.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_cards.revision IS 'The commit the card was read at (X-Repo-Commit).';
COMMENT ON COLUMN hf.model_cards.card_sha256 IS 'Its text (hf.card_texts); NULL when there is none.';
COMMENT ON COLUMN hf.model_cards.status IS 'ok, missing (no README.md), too_large, gated (not readable without access) or error.';
COMMENT ON COLUMN hf.model_cards.bytes IS 'The card''s size as served.';
COMMENT ON COLUMN hf.model_cards.fetched_at IS 'When it was fetched.';

COMMENT ON TABLE hf.dataset_cards IS 'Where each dataset''s card stands, as hf.model_cards for models.';
COMMENT ON COLUMN hf.dataset_cards.dataset_id IS 'The dataset.';
COMMENT ON COLUMN hf.dataset_cards.revision IS 'The commit the card was read at (X-Repo-Commit).';
COMMENT ON COLUMN hf.dataset_cards.card_sha256 IS 'Its text (hf.card_texts); NULL when there is none.';
COMMENT ON COLUMN hf.dataset_cards.status IS 'ok, missing, too_large, gated or error.';
COMMENT ON COLUMN hf.dataset_cards.bytes IS 'The card''s size as served.';
COMMENT ON COLUMN hf.dataset_cards.fetched_at IS 'When it was fetched.';

COMMENT ON TABLE hf.card_history IS 'A model card''s revision chain: one row per commit it was read at, pointing at its text.';
COMMENT ON COLUMN hf.card_history.model_id IS 'The model.';
COMMENT ON COLUMN hf.card_history.revision IS 'The commit the card was read at.';
COMMENT ON COLUMN hf.card_history.card_sha256 IS 'The text read then (hf.card_texts).';
COMMENT ON COLUMN hf.card_history.status IS 'The fetch''s outcome, as in hf.model_cards.';
COMMENT ON COLUMN hf.card_history.fetched_at IS 'When it was read.';

COMMENT ON TABLE hf.card_eval_results IS
    'The evaluation results a card''s model-index reports: one row per metric of each result (read per model through hf.eval_results).';
COMMENT ON COLUMN hf.card_eval_results.card_sha256 IS 'The card text (hf.card_texts).';
COMMENT ON COLUMN hf.card_eval_results.n IS 'Its place in the card.';
COMMENT ON COLUMN hf.card_eval_results.model_name IS 'The model-index''s name.';
COMMENT ON COLUMN hf.card_eval_results.task_type IS 'The result''s task.type.';
COMMENT ON COLUMN hf.card_eval_results.dataset_id IS 'The result''s dataset.type: the dataset''s Hub id.';
COMMENT ON COLUMN hf.card_eval_results.dataset_name IS 'The result''s dataset.name.';
COMMENT ON COLUMN hf.card_eval_results.metric_type IS 'The metric''s type (accuracy, wer, ...).';
COMMENT ON COLUMN hf.card_eval_results.metric_name IS 'The metric''s name as written.';
COMMENT ON COLUMN hf.card_eval_results.value IS 'Its value as a number, also when written as text with a unit ("80.74%").';
COMMENT ON COLUMN hf.card_eval_results.value_text IS 'The value as written when it is not a plain number.';
COMMENT ON COLUMN hf.card_eval_results.verified IS 'Whether the Hub verified the result.';
COMMENT ON COLUMN hf.card_eval_results.unit IS 'What followed the number in value_text (%, BLEU, ...).';

COMMENT ON TABLE hf.card_sections IS
    'Each distinct card text split at its Markdown headings, with a full-text vector per section (headings weigh more).';
COMMENT ON COLUMN hf.card_sections.card_sha256 IS 'The card text (hf.card_texts).';
COMMENT ON COLUMN hf.card_sections.n IS 'The section''s place in the card.';
COMMENT ON COLUMN hf.card_sections.heading_path IS 'The headings above it, its own last.';
COMMENT ON COLUMN hf.card_sections.text IS 'Its text.';
COMMENT ON COLUMN hf.card_sections.search IS 'Its words: headings weigh A, text B.';

COMMENT ON TABLE hf.model_terms IS
    'The search document of each model: its id, tags and card as words, with what search filters and ranks on (hf.search_models reads it).';
COMMENT ON COLUMN hf.model_terms.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_terms.card_sha256 IS 'The card whose words are in search.';
COMMENT ON COLUMN hf.model_terms.words_key IS 'A digest of the pipeline tag and tags the words come from: the document is rebuilt when it changes.';
COMMENT ON COLUMN hf.model_terms.license IS 'The model''s licence, for the search filter.';
COMMENT ON COLUMN hf.model_terms.library_name IS 'The model''s library, for the search filter.';
COMMENT ON COLUMN hf.model_terms.popularity IS 'The prior search adds: 0.01 x ln(1 + downloads), as of the last cards run.';
COMMENT ON COLUMN hf.model_terms.search IS 'The words: id, tags and pipeline tag, and the card''s sections.';

-- Operational tables ----------------------------------------------------------------------

COMMENT ON TABLE hf.exposure IS 'operational: which roles may read (hf-crawl expose); never exposed itself.';
COMMENT ON COLUMN hf.exposure.role_name IS 'The role given read access.';
COMMENT ON COLUMN hf.exposure.include_runs IS 'Whether it may read all of hf.crawl_runs, not only when each run started and ended.';
COMMENT ON COLUMN hf.exposure.exposed_at IS 'When it was exposed.';

COMMENT ON TABLE hf.writer_lease IS 'operational: who may write now; one writer per schema, a lease not renewed in time may be taken over.';
COMMENT ON COLUMN hf.writer_lease.singleton IS 'Always true: the table holds one row at most.';
COMMENT ON COLUMN hf.writer_lease.token IS 'The holder''s random id: only it renews or releases the lease.';
COMMENT ON COLUMN hf.writer_lease.holder IS 'host:pid of the holder, for the message a second writer prints.';
COMMENT ON COLUMN hf.writer_lease.run_id IS 'The run the holder is writing.';
COMMENT ON COLUMN hf.writer_lease.taken_at IS 'When the lease was taken.';
COMMENT ON COLUMN hf.writer_lease.renewed_at IS 'When it was last renewed.';

COMMENT ON TABLE hf.schema_migrations IS 'operational: the migrations applied, each with the sha256 of its file.';
COMMENT ON COLUMN hf.schema_migrations.version IS 'The migration''s number (sql/migrations/NNNN_name.sql).';
COMMENT ON COLUMN hf.schema_migrations.name IS 'Its name.';
COMMENT ON COLUMN hf.schema_migrations.applied_at IS 'When it was applied.';
COMMENT ON COLUMN hf.schema_migrations.sha256 IS
    'The sha256 of its file when applied (for one applied before hashes were kept: when they were first recorded); hf-crawl refuses a database whose applied migration''s file has changed.';

-- Views -----------------------------------------------------------------------------------

COMMENT ON VIEW hf.task_leaderboard IS 'Each task''s current ranking of models with their fields, best first.';
COMMENT ON COLUMN hf.task_leaderboard.task_id IS 'The task.';
COMMENT ON COLUMN hf.task_leaderboard.task_label IS 'Its name.';
COMMENT ON COLUMN hf.task_leaderboard.rank_in_task IS 'The model''s place, 1 the most downloaded.';
COMMENT ON COLUMN hf.task_leaderboard.model_id IS 'The model.';
COMMENT ON COLUMN hf.task_leaderboard.downloads IS 'Its downloads over the last 30 days.';
COMMENT ON COLUMN hf.task_leaderboard.likes IS 'Its likes.';
COMMENT ON COLUMN hf.task_leaderboard.trending_score IS 'Its trending score.';
COMMENT ON COLUMN hf.task_leaderboard.license IS 'Its licence.';
COMMENT ON COLUMN hf.task_leaderboard.library_name IS 'Its library.';
COMMENT ON COLUMN hf.task_leaderboard.pipeline_tag IS 'Its pipeline tag.';
COMMENT ON COLUMN hf.task_leaderboard.author IS 'Its owner.';
COMMENT ON COLUMN hf.task_leaderboard.last_modified IS 'When its repository last changed on the Hub.';
COMMENT ON COLUMN hf.task_leaderboard.last_synced_at IS 'When it was last seen in this ranking.';

COMMENT ON VIEW hf.dataset_leaderboard IS 'Each task''s current ranking of datasets with their fields, best first.';
COMMENT ON COLUMN hf.dataset_leaderboard.task_id IS 'The task.';
COMMENT ON COLUMN hf.dataset_leaderboard.rank_in_task IS 'The dataset''s place, 1 the most downloaded.';
COMMENT ON COLUMN hf.dataset_leaderboard.dataset_id IS 'The dataset.';
COMMENT ON COLUMN hf.dataset_leaderboard.author IS 'Its owner.';
COMMENT ON COLUMN hf.dataset_leaderboard.license IS 'Its licence.';
COMMENT ON COLUMN hf.dataset_leaderboard.downloads IS 'Its downloads over the last 30 days.';
COMMENT ON COLUMN hf.dataset_leaderboard.likes IS 'Its likes.';
COMMENT ON COLUMN hf.dataset_leaderboard.trending_score IS 'Its trending score.';
COMMENT ON COLUMN hf.dataset_leaderboard.size_category IS 'Its size category.';
COMMENT ON COLUMN hf.dataset_leaderboard.languages IS 'Its languages.';
COMMENT ON COLUMN hf.dataset_leaderboard.gated IS 'Whether access is gated.';
COMMENT ON COLUMN hf.dataset_leaderboard.last_modified IS 'When its repository last changed on the Hub.';

COMMENT ON VIEW hf.model_last_seen IS
    'When each model was last seen by a crawl: the latest coverage of a task that ranks it, else when its row was last written.';
COMMENT ON COLUMN hf.model_last_seen.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_last_seen.last_seen_at IS 'When it was last seen.';

COMMENT ON VIEW hf.dataset_last_seen IS
    'When each dataset was last seen by a crawl: the latest coverage of a task that ranks it, else when its row was last written.';
COMMENT ON COLUMN hf.dataset_last_seen.dataset_id IS 'The dataset.';
COMMENT ON COLUMN hf.dataset_last_seen.last_seen_at IS 'When it was last seen.';

COMMENT ON VIEW hf.disappeared_models IS 'Models a complete walk of the whole Hub no longer listed (empty until such a walk succeeded).';
COMMENT ON COLUMN hf.disappeared_models.model_id IS 'The model.';
COMMENT ON COLUMN hf.disappeared_models.last_synced_at IS 'When a crawl last wrote its row.';
COMMENT ON COLUMN hf.disappeared_models.downloads IS 'Its downloads when last seen.';
COMMENT ON COLUMN hf.disappeared_models.pipeline_tag IS 'Its pipeline tag.';

COMMENT ON VIEW hf.model_keys IS 'Every snapshot code ever given to a model, live (hf.models) and retired.';
COMMENT ON COLUMN hf.model_keys.model_key IS 'The code.';
COMMENT ON COLUMN hf.model_keys.model_id IS 'The model it stands for.';
COMMENT ON COLUMN hf.model_keys.first_run_id IS 'The run that gave it.';

COMMENT ON VIEW hf.dataset_keys IS 'Every snapshot code ever given to a dataset, live (hf.datasets) and retired.';
COMMENT ON COLUMN hf.dataset_keys.dataset_key IS 'The code.';
COMMENT ON COLUMN hf.dataset_keys.dataset_id IS 'The dataset it stands for.';
COMMENT ON COLUMN hf.dataset_keys.first_run_id IS 'The run that gave it.';

COMMENT ON VIEW hf.covering_runs IS 'Runs that ranked at least one task''s models, newest first.';
COMMENT ON COLUMN hf.covering_runs.run_id IS 'The run.';
COMMENT ON COLUMN hf.covering_runs.started_at IS 'When it started.';
COMMENT ON COLUMN hf.covering_runs.status IS 'How it ended (hf.crawl_runs.status).';
COMMENT ON COLUMN hf.covering_runs.tasks_covered IS 'How many tasks it ranked.';

COMMENT ON VIEW hf.task_rankings_history IS
    'Each task''s ranking at every run where it differs from the task''s previous snapshot (reads the whole history; hf.ranking_at reads one run).';
COMMENT ON COLUMN hf.task_rankings_history.task_id IS 'The task.';
COMMENT ON COLUMN hf.task_rankings_history.run_id IS 'The run.';
COMMENT ON COLUMN hf.task_rankings_history.model_ids IS 'The ranking, best first.';

COMMENT ON VIEW hf.model_stats_history IS
    'Each model''s counters at every run where they differ from its previous snapshot (the first one always).';
COMMENT ON COLUMN hf.model_stats_history.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_stats_history.run_id IS 'The run.';
COMMENT ON COLUMN hf.model_stats_history.downloads IS 'Its downloads over the last 30 days then.';
COMMENT ON COLUMN hf.model_stats_history.likes IS 'Its likes then.';
COMMENT ON COLUMN hf.model_stats_history.trending_score IS 'Its trending score then.';
COMMENT ON COLUMN hf.model_stats_history.downloads_all_time IS 'Its all-time downloads then.';

COMMENT ON VIEW hf.movers_last_two_runs IS 'Download growth of the models both of the last two covering runs saw, biggest first.';
COMMENT ON COLUMN hf.movers_last_two_runs.model_id IS 'The model.';
COMMENT ON COLUMN hf.movers_last_two_runs.downloads_before IS 'Its downloads at the earlier run.';
COMMENT ON COLUMN hf.movers_last_two_runs.downloads_after IS 'Its downloads at the later run.';
COMMENT ON COLUMN hf.movers_last_two_runs.growth IS 'downloads_after - downloads_before.';
COMMENT ON COLUMN hf.movers_last_two_runs.likes_before IS 'Its likes at the earlier run.';
COMMENT ON COLUMN hf.movers_last_two_runs.likes_after IS 'Its likes at the later run.';
COMMENT ON COLUMN hf.movers_last_two_runs.run_before IS 'The earlier run.';
COMMENT ON COLUMN hf.movers_last_two_runs.run_after IS 'The later run.';

COMMENT ON VIEW hf.top_n_changes IS
    'Entries into and exits from each task''s ranking: its latest covering run against the run that covered it before.';
COMMENT ON COLUMN hf.top_n_changes.task_id IS 'The task.';
COMMENT ON COLUMN hf.top_n_changes.change IS 'entered or exited.';
COMMENT ON COLUMN hf.top_n_changes.model_id IS 'The model.';
COMMENT ON COLUMN hf.top_n_changes.rank_in_task IS 'Its rank at the run it was in the ranking (the latest for entered, the one before for exited).';
COMMENT ON COLUMN hf.top_n_changes.run_id IS 'The task''s latest covering run.';
COMMENT ON COLUMN hf.top_n_changes.previous_run_id IS 'The run that covered the task before it.';

COMMENT ON VIEW hf.lineage_families IS 'The bases with the most models built directly on them, by relation.';
COMMENT ON COLUMN hf.lineage_families.base_model_id IS 'The base model.';
COMMENT ON COLUMN hf.lineage_families.derived_models IS 'Models built directly on it.';
COMMENT ON COLUMN hf.lineage_families.finetunes IS 'Of them, fine-tunes.';
COMMENT ON COLUMN hf.lineage_families.adapters IS 'Of them, adapters.';
COMMENT ON COLUMN hf.lineage_families.quantized IS 'Of them, quantizations.';
COMMENT ON COLUMN hf.lineage_families.merges IS 'Of them, merges.';
COMMENT ON COLUMN hf.lineage_families.unspecified IS 'Of them, ones whose tags do not say how.';
COMMENT ON COLUMN hf.lineage_families.in_catalogue IS 'Whether the catalogue holds the base itself.';

COMMENT ON VIEW hf.model_datasets IS 'Which datasets each model was trained on, from its tags and from its card, one row per source.';
COMMENT ON COLUMN hf.model_datasets.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_datasets.dataset_id IS 'The dataset; an id the catalogue may not hold.';
COMMENT ON COLUMN hf.model_datasets.source IS 'tag (a dataset:<id> tag) or card (the card''s datasets: field).';

COMMENT ON VIEW hf.task_datasets_used IS 'For each task, the datasets its ranked models were trained on, most used first.';
COMMENT ON COLUMN hf.task_datasets_used.task_id IS 'The task.';
COMMENT ON COLUMN hf.task_datasets_used.dataset_id IS 'The dataset.';
COMMENT ON COLUMN hf.task_datasets_used.models IS 'How many of the task''s ranked models name it.';
COMMENT ON COLUMN hf.task_datasets_used.in_catalogue IS 'Whether the catalogue holds the dataset.';

COMMENT ON VIEW hf.model_card_texts IS 'Each model''s card with its text.';
COMMENT ON COLUMN hf.model_card_texts.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_card_texts.revision IS 'The commit the card was read at.';
COMMENT ON COLUMN hf.model_card_texts.status IS 'ok, missing, too_large, gated or error.';
COMMENT ON COLUMN hf.model_card_texts.bytes IS 'The card''s size as served.';
COMMENT ON COLUMN hf.model_card_texts.fetched_at IS 'When it was fetched.';
COMMENT ON COLUMN hf.model_card_texts.card_sha256 IS 'The text''s key.';
COMMENT ON COLUMN hf.model_card_texts.text IS 'The card as served.';

COMMENT ON VIEW hf.eval_results IS 'The evaluation results each model''s current card reports, one row per metric.';
COMMENT ON COLUMN hf.eval_results.model_id IS 'The model.';
COMMENT ON COLUMN hf.eval_results.model_name IS 'The model-index''s name.';
COMMENT ON COLUMN hf.eval_results.task_type IS 'The result''s task.';
COMMENT ON COLUMN hf.eval_results.dataset_id IS 'The dataset''s Hub id.';
COMMENT ON COLUMN hf.eval_results.dataset_name IS 'The dataset''s name as written.';
COMMENT ON COLUMN hf.eval_results.metric_type IS 'The metric''s type.';
COMMENT ON COLUMN hf.eval_results.metric_name IS 'The metric''s name as written.';
COMMENT ON COLUMN hf.eval_results.value IS 'Its value as a number.';
COMMENT ON COLUMN hf.eval_results.value_text IS 'The value as written when it is not a plain number.';
COMMENT ON COLUMN hf.eval_results.verified IS 'Whether the Hub verified the result.';
COMMENT ON COLUMN hf.eval_results.unit IS 'What followed the number in value_text.';

-- Functions -------------------------------------------------------------------------------

COMMENT ON FUNCTION hf.ranking_at(bigint) IS 'The ranking of every task the run covered, as rows (task, rank, model).';
COMMENT ON FUNCTION hf.model_stats_at(bigint) IS
    'Every model the run ranked, with its counters as they were then (a model it did not see has no row).';
COMMENT ON FUNCTION hf.movers_between(bigint, bigint) IS 'Download growth of every model both runs saw, biggest first.';
COMMENT ON FUNCTION hf.movers_over_days(integer) IS
    'Movers over the last N days: the newest covering run against the newest one at least N days older.';
COMMENT ON FUNCTION hf.dataset_ranking_at(bigint) IS 'The datasets of every task the run covered, as rows (task, rank, dataset).';
COMMENT ON FUNCTION hf.dataset_stats_at(bigint) IS 'Every dataset the run ranked, with its counters as they were then.';
COMMENT ON FUNCTION hf.dataset_movers_between(bigint, bigint) IS 'Download growth of every dataset both runs saw, biggest first.';
COMMENT ON FUNCTION hf.lineage_ancestors(text) IS
    'Everything the model derives from, nearest first, with the depth of each edge (1: a direct base).';
COMMENT ON FUNCTION hf.lineage_descendants(text) IS
    'Everything derived from the model, nearest first, with the depth of each edge (1: built on it directly).';
COMMENT ON FUNCTION hf.lineage_from_tags(jsonb) IS
    'The edges a model''s tags give: base_model:<relation>:<id> for a known relation, else base_model:<id> as unspecified.';
COMMENT ON FUNCTION hf.search_models(text, text, text, text, integer) IS
    'Models ranked by how well their id, tags and card match a query in web search syntax, with a popularity prior: the query, then a task, a licence and a library to keep to (NULL: any), and how many to return.';
COMMENT ON FUNCTION hf.search_query(text) IS
    'A query in web search syntax as a tsquery, each joined word (cc-by-4.0) the phrase of its parts.';
COMMENT ON FUNCTION hf.search_text(text) IS 'Text as search reads it: a joiner (- / _ . :) between two letters or digits becomes a space.';
COMMENT ON FUNCTION hf.model_words(text, jsonb, text) IS 'A model''s words: its id split into parts, its tags and its pipeline tag.';
COMMENT ON FUNCTION hf.card_words(text) IS 'A card''s words: its sections'' vectors in order.';
COMMENT ON FUNCTION hf.card_datasets(jsonb) IS 'The dataset ids a card''s front matter lists under datasets: (a string or a list).';
COMMENT ON FUNCTION hf.delta_encode(bigint[]) IS 'Each element minus the one before (the first against 0); NULL stays NULL.';
COMMENT ON FUNCTION hf.delta_encode(integer[]) IS 'Each element minus the one before (the first against 0); NULL stays NULL.';
COMMENT ON FUNCTION hf.delta_decode(bigint[]) IS 'The inverse of delta_encode: running sums, NULL where the element is NULL.';
COMMENT ON FUNCTION hf.delta_decode(integer[]) IS 'The inverse of delta_encode: running sums, NULL where the element is NULL.';
COMMENT ON FUNCTION hf.narrow(bigint[]) IS 'The array as integers when every element fits, else NULL (the snapshot then keeps it wide).';
COMMENT ON FUNCTION hf.tenths(double precision[]) IS 'Scores as integer tenths when that is exact for every element, else NULL.';
COMMENT ON FUNCTION hf.from_tenths(integer[]) IS 'The inverse of tenths: tenths back to scores.';
COMMENT ON FUNCTION hf.snapshot_columns(integer[], bigint[], bigint[], double precision[], bigint[]) IS
    'A snapshot''s columns from a ranking''s codes and full-width counters in rank order.';
COMMENT ON FUNCTION hf.snapshot_rows(hf.task_snapshots) IS 'One task snapshot as rows: rank, model code, counters.';
COMMENT ON FUNCTION hf.retire_model_keys() IS 'Trigger: a deleted model''s snapshot code moves to hf.retired_model_keys.';
COMMENT ON FUNCTION hf.retire_dataset_keys() IS 'Trigger: a deleted dataset''s snapshot code moves to hf.retired_dataset_keys.';
COMMENT ON FUNCTION hf.apply_exposure(text) IS
    'Brings the schema''s privileges to the exposure rule: row level security on every table, nothing executable by PUBLIC, the exposed roles'' grants (run after every migration).';
COMMENT ON FUNCTION hf.grant_reading(text, text, boolean) IS
    'Lets a role read the schema''s non-operational tables, views and functions (crawl_runs in full only with include_runs).';
COMMENT ON FUNCTION hf.revoke_reading(text, text) IS 'Takes back everything grant_reading gave a role.';
