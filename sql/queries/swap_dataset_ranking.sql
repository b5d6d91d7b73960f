-- Task $1's datasets become the staged ranking, in place: a dataset that left it is
-- deleted, one that moved takes its new rank (not indexed: a heap-only update), one new to
-- it is inserted; the run $2 is recorded as having covered it. Returns the datasets ranked.
WITH gone AS (
    DELETE FROM hf.dataset_tasks AS dt
    WHERE dt.task_id = $1
      AND NOT EXISTS (SELECT 1 FROM stage_datasets AS s WHERE s.dataset_id = dt.dataset_id)
),
moved AS (
    UPDATE hf.dataset_tasks AS dt
    SET rank_in_task = s.rank_in_task
    FROM stage_datasets AS s
    WHERE dt.task_id = $1 AND dt.dataset_id = s.dataset_id
      AND dt.rank_in_task <> s.rank_in_task
),
added AS (
    INSERT INTO hf.dataset_tasks (dataset_id, task_id, rank_in_task)
    SELECT s.dataset_id, $1, s.rank_in_task
    FROM stage_datasets AS s
    WHERE NOT EXISTS (  -- as the table was before this statement
        SELECT 1 FROM hf.dataset_tasks AS dt WHERE dt.task_id = $1 AND dt.dataset_id = s.dataset_id
    )
),
covered AS (
    INSERT INTO hf.dataset_task_runs (task_id, run_id, datasets)
    SELECT $1, $2, (SELECT count(*) FROM stage_datasets)
    WHERE $2::bigint IS NOT NULL
    ON CONFLICT (task_id, run_id) DO UPDATE SET datasets = excluded.datasets
)
SELECT count(*) FROM stage_datasets
