-- Tasks whose ranks are not exactly 1..n.
SELECT task_id, count(*) AS mappings, min(rank_in_task) AS first_rank, max(rank_in_task) AS last_rank
FROM hf.model_tasks
GROUP BY task_id
HAVING min(rank_in_task) <> 1 OR max(rank_in_task) <> count(*) OR count(DISTINCT rank_in_task) <> count(*)
