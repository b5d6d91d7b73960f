-- A mapping still in its task's new top-N takes its new rank in place; one whose rank did
-- not change is not touched. The rank is not indexed, so the update is heap-only (HOT).
UPDATE hf.model_tasks AS mt
SET rank_in_task = s.rank_in_task
FROM stage_ranks AS s
WHERE s.task_id = mt.task_id AND s.model_id = mt.model_id
  AND mt.rank_in_task <> s.rank_in_task
