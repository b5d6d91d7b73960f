-- The report's duplicate check: (model, task) pairs stored more than once.
SELECT model_id, task_id, count(*) AS copies
FROM hf.model_tasks
GROUP BY model_id, task_id
HAVING count(*) > 1
