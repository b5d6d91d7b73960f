-- The staged mappings the table does not hold yet: rows new to a swapped task's ($2)
-- top-N, matched by $1. Only the swapped tasks' mappings are read (by the task index).
INSERT INTO hf.{ranks} ({id}, task_id, rank_in_task, matched_by)
SELECT s.{id}, s.task_id, s.rank_in_task, $1
FROM {stage_ranks} AS s
WHERE NOT EXISTS (
    SELECT 1 FROM hf.{ranks} AS mt
    WHERE mt.task_id = ANY ($2::text[])
      AND mt.task_id = s.task_id AND mt.{id} = s.{id}
)
