-- A model's dictionary code moves into its row of hf.models. The merge that stores a model
-- now writes its code in the same row, found by the primary key every merge uses anyway;
-- hf.model_keys kept a second copy of every id with a unique text index of its own, and on
-- a first load of 40 x 1000 its COPY was about 80 ms of the server's 0.9 s.
--
-- hf.model_keys stays, as a view of the same columns and rows, so every function and view
-- that decodes a snapshot reads it as before (by code, through the unique index below).
-- A code outlives its model: deleting a row of hf.models moves the row's code to
-- hf.retired_model_keys (a trigger), so the history keeps its ids; a model that comes back
-- later gets a new code. Codes are never given twice: a new one is above every code in both.
ALTER TABLE hf.models
    ADD COLUMN model_key    integer,  -- its snapshot code (NULL: never ranked)
    ADD COLUMN first_run_id bigint;   -- the run that gave the code: no snapshot before holds it

UPDATE hf.models AS m
SET model_key = k.model_key, first_run_id = k.first_run_id
FROM hf.model_keys AS k
WHERE k.model_id = m.model_id;

-- Decoding reads the id beside the code from the index alone.
CREATE UNIQUE INDEX idx_models_model_key ON hf.models (model_key) INCLUDE (model_id);

CREATE TABLE hf.retired_model_keys (
    model_key    integer PRIMARY KEY,
    model_id     text COLLATE "C" NOT NULL,
    first_run_id bigint NOT NULL
);
ALTER TABLE hf.retired_model_keys ENABLE ROW LEVEL SECURITY;

INSERT INTO hf.retired_model_keys (model_key, model_id, first_run_id)
SELECT k.model_key, k.model_id, k.first_run_id
FROM hf.model_keys AS k
WHERE NOT EXISTS (SELECT 1 FROM hf.models AS m WHERE m.model_id = k.model_id);

CREATE FUNCTION hf.retire_model_keys() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    INSERT INTO hf.retired_model_keys (model_key, model_id, first_run_id)
    SELECT o.model_key, o.model_id, o.first_run_id
    FROM gone AS o
    WHERE o.model_key IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER retire_model_keys AFTER DELETE ON hf.models
REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION hf.retire_model_keys();

-- The views that read hf.model_keys go with the table and come back unchanged.
DROP VIEW hf.top_n_changes;
DROP VIEW hf.task_rankings_history;
DROP VIEW hf.model_stats_history;
DROP TABLE hf.model_keys;

CREATE VIEW hf.model_keys WITH (security_invoker = on) AS
SELECT m.model_key, m.model_id::text COLLATE "C" AS model_id, m.first_run_id
FROM hf.models AS m
WHERE m.model_key IS NOT NULL
UNION ALL
SELECT r.model_key, r.model_id, r.first_run_id
FROM hf.retired_model_keys AS r;

-- As migration 0013 made them:
CREATE VIEW hf.top_n_changes WITH (security_invoker = on) AS
WITH pairs AS (
    SELECT task_id, run_id,
           lag(run_id) OVER (PARTITION BY task_id ORDER BY run_id) AS previous_run_id,
           row_number() OVER (PARTITION BY task_id ORDER BY run_id DESC) AS newest
    FROM hf.task_runs
),
latest AS (SELECT * FROM pairs WHERE newest = 1 AND previous_run_id IS NOT NULL),
now_ AS (
    SELECT l.task_id, l.run_id, l.previous_run_id, x.model_key, x.rank_in_task
    FROM latest AS l
    JOIN hf.task_snapshots AS s ON s.run_id = l.run_id AND s.task_id = l.task_id
    CROSS JOIN LATERAL unnest(hf.delta_decode(s.model_keys))
        WITH ORDINALITY AS x (model_key, rank_in_task)
),
before_ AS (
    SELECT l.task_id, l.run_id, l.previous_run_id, x.model_key, x.rank_in_task
    FROM latest AS l
    JOIN hf.task_snapshots AS s ON s.run_id = l.previous_run_id AND s.task_id = l.task_id
    CROSS JOIN LATERAL unnest(hf.delta_decode(s.model_keys))
        WITH ORDINALITY AS x (model_key, rank_in_task)
),
changes AS (
    SELECT n.task_id, 'entered' AS change, n.model_key, n.rank_in_task, n.run_id,
           n.previous_run_id
    FROM now_ AS n
    LEFT JOIN before_ AS b ON b.task_id = n.task_id AND b.model_key = n.model_key
    WHERE b.model_key IS NULL
    UNION ALL
    SELECT b.task_id, 'exited', b.model_key, b.rank_in_task, b.run_id, b.previous_run_id
    FROM before_ AS b
    LEFT JOIN now_ AS n ON n.task_id = b.task_id AND n.model_key = b.model_key
    WHERE n.model_key IS NULL
)
SELECT c.task_id, c.change, k.model_id, c.rank_in_task, c.run_id, c.previous_run_id
FROM changes AS c
JOIN hf.model_keys AS k ON k.model_key = c.model_key;

-- The former tables, as views of the snapshots with the same rows: a task's ranking where
-- it differs from the task's previous snapshot, and a model's counters where they differ
-- from its previous snapshot (the first one always). They read the whole history;
-- hf.ranking_at and hf.model_stats_at read only the runs asked for.
CREATE VIEW hf.task_rankings_history WITH (security_invoker = on) AS
SELECT c.task_id, c.run_id,
       coalesce((SELECT array_agg(k.model_id ORDER BY x.rank_in_task)
                 FROM unnest(hf.delta_decode(c.model_keys))
                     WITH ORDINALITY AS x (model_key, rank_in_task)
                 JOIN hf.model_keys AS k ON k.model_key = x.model_key), '{}') AS model_ids
FROM (
    SELECT s.task_id, s.run_id, s.model_keys,
           lag(s.model_keys) OVER (PARTITION BY s.task_id ORDER BY s.run_id) AS previous,
           row_number() OVER (PARTITION BY s.task_id ORDER BY s.run_id) AS nth
    FROM hf.task_snapshots AS s
) AS c
WHERE c.nth = 1 OR c.previous IS DISTINCT FROM c.model_keys;

CREATE VIEW hf.model_stats_history WITH (security_invoker = on) AS
WITH per_run AS (
    SELECT DISTINCT ON (x.model_key, s.run_id)
           x.model_key, s.run_id, x.downloads, x.likes, x.trending_score, x.downloads_all_time
    FROM hf.task_snapshots AS s
    CROSS JOIN LATERAL hf.snapshot_rows(s) AS x
    ORDER BY x.model_key, s.run_id, s.written DESC
),
compared AS (
    SELECT p.*,
           lag((p.downloads, p.likes, p.trending_score, p.downloads_all_time))
               OVER (PARTITION BY p.model_key ORDER BY p.run_id) AS previous,
           row_number() OVER (PARTITION BY p.model_key ORDER BY p.run_id) AS nth
    FROM per_run AS p
)
SELECT k.model_id, c.run_id, c.downloads, c.likes, c.trending_score, c.downloads_all_time
FROM compared AS c
JOIN hf.model_keys AS k ON k.model_key = c.model_key
WHERE c.nth = 1
   OR c.previous IS DISTINCT FROM (c.downloads, c.likes, c.trending_score, c.downloads_all_time);
