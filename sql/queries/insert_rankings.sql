-- The staged mappings the table does not hold yet: models new to a swapped task's ($2)
-- top-N. Only the swapped tasks' mappings are read (by the task index).
INSERT INTO hf.model_tasks (model_id, task_id, rank_in_task, matched_by)
SELECT s.model_id, s.task_id, s.rank_in_task, $1
FROM stage_ranks AS s
WHERE NOT EXISTS (
    SELECT 1 FROM hf.model_tasks AS mt
    WHERE mt.task_id = ANY ($2::text[])
      AND mt.task_id = s.task_id AND mt.model_id = s.model_id
)
