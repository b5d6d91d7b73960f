-- As prune_roll_stats_forward, for each task's ranking.
INSERT INTO hf.task_rankings_history (task_id, run_id, model_ids)
SELECT DISTINCT ON (task_id) task_id, $1, model_ids
FROM hf.task_rankings_history
WHERE run_id < $1
ORDER BY task_id, run_id DESC
ON CONFLICT (task_id, run_id) DO NOTHING
