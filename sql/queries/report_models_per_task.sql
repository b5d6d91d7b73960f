SELECT task_id, count(*) AS models FROM hf.model_tasks GROUP BY task_id ORDER BY models DESC, task_id
