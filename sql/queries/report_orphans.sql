-- Mappings whose model or task is missing (foreign keys forbid them; this proves it).
SELECT mt.model_id, mt.task_id
FROM hf.model_tasks AS mt
LEFT JOIN hf.models AS m ON m.model_id = mt.model_id
LEFT JOIN hf.tasks AS t ON t.task_id = mt.task_id
WHERE m.model_id IS NULL OR t.task_id IS NULL
