-- The tasks' ($1) datasets become the staged rankings, in place: a dataset that left a
-- ranking is deleted, one that moved takes its new rank (not indexed: a heap-only update),
-- one new to it is inserted; run $2 is recorded as having covered each task. Returns the
-- datasets ranked.
WITH gone AS (
    DELETE FROM hf.dataset_tasks AS dt
    WHERE dt.task_id = ANY ($1::text[])
      AND NOT EXISTS (
          SELECT 1 FROM stage_dataset_ranks AS s
          WHERE s.task_id = dt.task_id AND s.dataset_id = dt.dataset_id
      )
),
moved AS (
    UPDATE hf.dataset_tasks AS dt
    SET rank_in_task = s.rank_in_task
    FROM stage_dataset_ranks AS s
    WHERE dt.task_id = s.task_id AND dt.dataset_id = s.dataset_id
      AND dt.rank_in_task <> s.rank_in_task
),
added AS (
    INSERT INTO hf.dataset_tasks (dataset_id, task_id, rank_in_task)
    SELECT s.dataset_id, s.task_id, s.rank_in_task
    FROM stage_dataset_ranks AS s
    WHERE NOT EXISTS (  -- as the table was before this statement
        SELECT 1 FROM hf.dataset_tasks AS dt
        WHERE dt.task_id = s.task_id AND dt.dataset_id = s.dataset_id
    )
),
covered AS (
    INSERT INTO hf.dataset_task_runs (task_id, run_id, datasets)
    SELECT t.task_id, $2,
           (SELECT count(*) FROM stage_dataset_ranks AS s WHERE s.task_id = t.task_id)
    FROM unnest($1::text[]) AS t (task_id)
    WHERE $2::bigint IS NOT NULL
    ON CONFLICT (task_id, run_id) DO UPDATE SET datasets = excluded.datasets
)
SELECT count(*) FROM stage_dataset_ranks
