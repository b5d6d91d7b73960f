-- Tables that stay their size over hundreds of runs.
--
-- * A crawl rewrites a model's row only when a field changed (a full walk also stamps what
--   it saw). When a model was last seen is hf.model_last_seen: the latest coverage of the
--   tasks it is ranked in, or when its row was last written.
-- * No index on a counter: an update that changes no indexed column is a heap-only tuple
--   (HOT) update, which writes no index entry and whose old version is pruned from its page
--   without a vacuum. `downloads` and `likes` change daily; their indexes served no query
--   the project runs (the report sorts 'downloads DESC NULLS LAST', which an ascending
--   index cannot give).
-- * Room on every page for the new versions a merge writes: a merge updates most rows of a
--   page in one transaction, and a version it replaced cannot be pruned before it commits.
-- * hf.model_tasks: a moved mapping is updated in place (its rank is not indexed), so its
--   update is HOT; one model per rank holds by construction (a ranking is swapped whole, in
--   one transaction, under the task's lock), and the report's rank check verifies it.
DROP INDEX hf.idx_models_downloads;
DROP INDEX hf.idx_models_likes;
ALTER TABLE hf.models SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05);

-- One index for uniqueness and for every lookup by task: (task_id, model_id) is the same
-- rule as (model_id, task_id), and spares each mapping a second index entry.
ALTER TABLE hf.model_tasks DROP CONSTRAINT model_tasks_model_id_task_id_key;
DROP INDEX hf.idx_model_tasks_task_id;
CREATE UNIQUE INDEX idx_model_tasks_task_id ON hf.model_tasks (task_id, model_id);
ALTER TABLE hf.model_tasks SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05);

COMMENT ON COLUMN hf.models.last_synced_at IS
    'last time a crawl wrote this row: first stored, a field changed, it left a ranking, '
    'or a full walk saw it (see model_last_seen)';

-- When each model was last seen by a crawl: a ranked model was seen whenever one of its
-- tasks was covered; any other model when its row was last written.
CREATE VIEW hf.model_last_seen WITH (security_invoker = on) AS
SELECT m.model_id, greatest(m.last_synced_at, ranked.covered_at) AS last_seen_at
FROM hf.models AS m
LEFT JOIN (
    SELECT mt.model_id, max(t.last_synced_at) AS covered_at
    FROM hf.model_tasks AS mt
    JOIN hf.tasks AS t ON t.task_id = mt.task_id
    GROUP BY mt.model_id
) AS ranked ON ranked.model_id = m.model_id;

-- Each task's current leaderboard with the model's fields; last_synced_at is when the
-- model was last seen in this ranking.
CREATE OR REPLACE VIEW hf.task_leaderboard WITH (security_invoker = on) AS
SELECT mt.task_id, t.task_label, mt.rank_in_task, m.model_id, m.downloads, m.likes,
       m.trending_score, m.license, m.library_name, m.pipeline_tag, m.author,
       m.last_modified, greatest(m.last_synced_at, t.last_synced_at) AS last_synced_at
FROM hf.model_tasks AS mt
JOIN hf.tasks AS t ON t.task_id = mt.task_id
JOIN hf.models AS m ON m.model_id = mt.model_id
ORDER BY mt.task_id, mt.rank_in_task;

-- Models a complete full-Hub walk no longer listed (empty until one succeeded).
CREATE OR REPLACE VIEW hf.disappeared_models WITH (security_invoker = on) AS
SELECT m.model_id, s.last_seen_at AS last_synced_at, m.downloads, m.pipeline_tag
FROM hf.models AS m
JOIN hf.model_last_seen AS s ON s.model_id = m.model_id
WHERE s.last_seen_at < (
    SELECT since_at FROM hf.crawl_runs
    WHERE mode = 'all' AND status = 'succeeded'
    ORDER BY run_id DESC LIMIT 1
);
