-- The ranked models the most ranked Spaces use ($1 rows), with their best rank.
SELECT c.model_id AS model, c.spaces, min(t.rank_in_task) AS best_rank
FROM hf.model_space_counts AS c
JOIN hf.model_tasks AS t ON t.model_id = c.model_id
GROUP BY c.model_id, c.spaces
ORDER BY c.spaces DESC, c.model_id
LIMIT $1
