-- The staged mappings the table does not hold yet: models new to the task's top-N.
INSERT INTO hf.model_tasks (model_id, task_id, rank_in_task, matched_by)
SELECT s.model_id, s.task_id, s.rank_in_task, $1
FROM stage_ranks AS s
WHERE NOT EXISTS (
    SELECT 1 FROM hf.model_tasks AS mt
    WHERE mt.task_id = s.task_id AND mt.model_id = s.model_id
)
