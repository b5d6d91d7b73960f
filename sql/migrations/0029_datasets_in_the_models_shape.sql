-- Datasets take the shape models took in 0026, so that one set of statements, templated
-- by table and columns, merges, ranks and snapshots both: each dataset's snapshot code
-- lives in its own row (given by the run that first ranks it, in the merge that stores
-- it), the codes of datasets deleted since are kept apart so old snapshots still read,
-- each mapping says how it was matched, and a snapshot row records its write order.
ALTER TABLE hf.datasets
    ADD COLUMN dataset_key  integer,  -- its snapshot code (NULL: never ranked)
    ADD COLUMN first_run_id bigint;   -- the run that gave the code: no snapshot before holds it

UPDATE hf.datasets AS d
SET dataset_key = k.dataset_key, first_run_id = k.first_run_id
FROM hf.dataset_keys AS k
WHERE k.dataset_id = d.dataset_id;

CREATE UNIQUE INDEX idx_datasets_dataset_key ON hf.datasets (dataset_key) INCLUDE (dataset_id);

CREATE TABLE hf.retired_dataset_keys (
    dataset_key  integer PRIMARY KEY,
    dataset_id   text COLLATE "C" NOT NULL,
    first_run_id bigint NOT NULL
);
ALTER TABLE hf.retired_dataset_keys ENABLE ROW LEVEL SECURITY;

INSERT INTO hf.retired_dataset_keys (dataset_key, dataset_id, first_run_id)
SELECT k.dataset_key, k.dataset_id, k.first_run_id
FROM hf.dataset_keys AS k
WHERE NOT EXISTS (SELECT 1 FROM hf.datasets AS d WHERE d.dataset_id = k.dataset_id);

CREATE FUNCTION hf.retire_dataset_keys() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    INSERT INTO hf.retired_dataset_keys (dataset_key, dataset_id, first_run_id)
    SELECT o.dataset_key, o.dataset_id, o.first_run_id
    FROM gone AS o
    WHERE o.dataset_key IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER retire_dataset_keys AFTER DELETE ON hf.datasets
REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION hf.retire_dataset_keys();

DROP TABLE hf.dataset_keys;

-- Every code ever given, as hf.model_keys lists the models': the functions reading the
-- snapshots (hf.dataset_ranking_at, hf.dataset_stats_at) read it as they read the table.
CREATE VIEW hf.dataset_keys WITH (security_invoker = on) AS
SELECT d.dataset_key, d.dataset_id::text COLLATE "C" AS dataset_id, d.first_run_id
FROM hf.datasets AS d
WHERE d.dataset_key IS NOT NULL
UNION ALL
SELECT r.dataset_key, r.dataset_id, r.first_run_id
FROM hf.retired_dataset_keys AS r;

-- A task's datasets are its task_categories: tag (the one way the Hub's filter matches).
ALTER TABLE hf.dataset_tasks
    ADD COLUMN matched_by text NOT NULL DEFAULT 'tag' CHECK (matched_by IN ('tag', 'pipeline'));

-- Write order: a dataset ranked in two tasks of one run has the counters written last.
ALTER TABLE hf.dataset_snapshots ADD COLUMN written bigint GENERATED ALWAYS AS IDENTITY;
