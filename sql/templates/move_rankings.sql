-- A mapping of a swapped task ($1) still in its new top-N takes its new rank in place; one
-- whose rank did not change is not touched. The rank is not indexed, so the update is
-- heap-only (HOT). Only the swapped tasks' mappings are read (by the task index).
UPDATE hf.{ranks} AS mt
SET rank_in_task = s.rank_in_task
FROM {stage_ranks} AS s
WHERE mt.task_id = ANY ($1::text[])
  AND s.task_id = mt.task_id AND s.{id} = mt.{id}
  AND mt.rank_in_task <> s.rank_in_task
