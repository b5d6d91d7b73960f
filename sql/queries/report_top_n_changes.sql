SELECT task_id, change, model_id, rank_in_task
FROM hf.top_n_changes
ORDER BY task_id, change, rank_in_task
