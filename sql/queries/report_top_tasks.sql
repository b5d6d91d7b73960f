SELECT t.task_id, t.task_label, count(mt.model_id) AS model_count
FROM hf.tasks AS t
LEFT JOIN hf.model_tasks AS mt ON mt.task_id = t.task_id
GROUP BY t.task_id, t.task_label
ORDER BY model_count DESC, t.task_id
LIMIT $1
