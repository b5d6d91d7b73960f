-- A change feed a scheduler can act on: what moved between two runs, as one JSON document
-- (hf-crawl changes prints it). Rankings come from the runs' snapshots; a model's licence
-- has no history there, so from here on a trigger notes each change of a stored model's
-- licence, with the run whose merge made it (each merge transaction says which run it is:
-- setting hf_crawler.run_id); only rows an upsert rewrites with another licence fire it.
CREATE TABLE hf.license_changes (
    model_id       text NOT NULL COLLATE "C",
    run_id         bigint REFERENCES hf.crawl_runs (run_id) ON DELETE CASCADE,  -- pruned with it
    license_before text,
    license_after  text,
    changed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_license_changes_run ON hf.license_changes (run_id);
ALTER TABLE hf.license_changes ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE hf.license_changes IS
    'Each change of a stored model''s licence (noted from migration 38 on), by the run whose merge made it.';
COMMENT ON COLUMN hf.license_changes.model_id IS 'The model.';
COMMENT ON COLUMN hf.license_changes.run_id IS 'The run whose merge saw the new licence (NULL: a change made outside a run).';
COMMENT ON COLUMN hf.license_changes.license_before IS 'Its licence before (NULL: none).';
COMMENT ON COLUMN hf.license_changes.license_after IS 'Its licence since (NULL: none).';
COMMENT ON COLUMN hf.license_changes.changed_at IS 'When the change was stored.';

CREATE FUNCTION hf.note_license_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    INSERT INTO hf.license_changes (model_id, run_id, license_before, license_after)
    VALUES (NEW.model_id, nullif(current_setting('hf_crawler.run_id', true), '')::bigint,
            OLD.license, NEW.license);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION hf.note_license_change() IS
    'Notes a model''s licence change in hf.license_changes, with the run the transaction says it is.';

CREATE TRIGGER note_license_change
AFTER UPDATE OF license ON hf.models
FOR EACH ROW WHEN (OLD.license IS DISTINCT FROM NEW.license)
EXECUTE FUNCTION hf.note_license_change();

CREATE FUNCTION hf.changes_since(since_run bigint, until_run bigint DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = ''
AS $$
    WITH bounds AS (
        SELECT since_run AS r0,
               coalesce(until_run, (SELECT max(c.run_id) FROM hf.covering_runs AS c)) AS r1
    ),
    before AS (SELECT r.* FROM bounds AS b CROSS JOIN LATERAL hf.ranking_at(b.r0) AS r),
    after AS (SELECT r.* FROM bounds AS b CROSS JOIN LATERAL hf.ranking_at(b.r1) AS r),
    compared AS (  -- the tasks both runs ranked
        SELECT DISTINCT task_id FROM before
        INTERSECT
        SELECT DISTINCT task_id FROM after
    ),
    moves AS (
        SELECT coalesce(a.task_id, o.task_id) AS task_id,
               coalesce(a.model_id, o.model_id) AS model_id,
               o.rank_in_task AS rank_before, a.rank_in_task AS rank_after
        FROM (SELECT * FROM before WHERE task_id IN (SELECT task_id FROM compared)) AS o
        FULL JOIN (SELECT * FROM after WHERE task_id IN (SELECT task_id FROM compared)) AS a
            ON a.task_id = o.task_id AND a.model_id = o.model_id
        WHERE o.rank_in_task IS DISTINCT FROM a.rank_in_task
    ),
    per_task AS (
        SELECT m.task_id, jsonb_build_object(
            'entered', coalesce(jsonb_agg(jsonb_build_object(
                'model_id', m.model_id, 'rank', m.rank_after) ORDER BY m.rank_after)
                FILTER (WHERE m.rank_before IS NULL), '[]'),
            'exited', coalesce(jsonb_agg(jsonb_build_object(
                'model_id', m.model_id, 'rank_before', m.rank_before) ORDER BY m.rank_before)
                FILTER (WHERE m.rank_after IS NULL), '[]'),
            'moved', coalesce(jsonb_agg(jsonb_build_object(
                'model_id', m.model_id, 'from', m.rank_before, 'to', m.rank_after)
                ORDER BY m.rank_after)
                FILTER (WHERE m.rank_before IS NOT NULL AND m.rank_after IS NOT NULL), '[]')
        ) AS moves
        FROM moves AS m
        GROUP BY m.task_id
    ),
    new_models AS (
        SELECT m.model_id, m.first_run_id, m.pipeline_tag, m.downloads
        FROM hf.models AS m, bounds AS b
        WHERE m.first_run_id > b.r0 AND m.first_run_id <= b.r1
    ),
    new_bases AS (  -- named as a base by a model new since then, and by none before
        SELECT l.base_model_id, array_agg(DISTINCT l.model_id ORDER BY l.model_id) AS named_by
        FROM hf.model_lineage AS l
        JOIN new_models AS n ON n.model_id = l.model_id
        WHERE NOT EXISTS (
            SELECT 1 FROM hf.model_lineage AS o
            JOIN hf.models AS om ON om.model_id = o.model_id, bounds AS b
            WHERE o.base_model_id = l.base_model_id
              AND (om.first_run_id IS NULL OR om.first_run_id <= b.r0)
        )
        GROUP BY l.base_model_id
    )
    SELECT jsonb_build_object(
        'since_run', b.r0,
        'since', (SELECT r.started_at FROM hf.crawl_runs AS r WHERE r.run_id = b.r0),
        'until_run', b.r1,
        'until', (SELECT r.started_at FROM hf.crawl_runs AS r WHERE r.run_id = b.r1),
        'tasks', coalesce((SELECT jsonb_object_agg(p.task_id, p.moves) FROM per_task AS p),
                          '{}'),
        'tasks_compared', (SELECT count(*) FROM compared),
        'new_models', coalesce((
            SELECT jsonb_agg(to_jsonb(n) ORDER BY n.downloads DESC NULLS LAST, n.model_id)
            FROM new_models AS n), '[]'),
        'new_base_models', coalesce((
            SELECT jsonb_agg(jsonb_build_object('base_model_id', x.base_model_id,
                                                'named_by', x.named_by)
                             ORDER BY x.base_model_id)
            FROM new_bases AS x), '[]'),
        'license_changes', coalesce((
            SELECT jsonb_agg(jsonb_build_object('model_id', c.model_id, 'run_id', c.run_id,
                                                'before', c.license_before,
                                                'after', c.license_after)
                             ORDER BY c.run_id, c.model_id)
            FROM hf.license_changes AS c
            WHERE c.run_id > b.r0 AND c.run_id <= b.r1), '[]')
    )
    FROM bounds AS b
$$;

COMMENT ON FUNCTION hf.changes_since(bigint, bigint) IS
    'What changed from run since_run to run until_run (default: the latest run that covered tasks), as one JSON document: per task the models that entered, exited and moved (tasks both runs ranked), the models first ranked since, the base models first named by them, and the licence changes (noted from migration 38 on).';
