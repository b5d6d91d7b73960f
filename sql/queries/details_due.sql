-- The ranked models whose details a run fetches first: never fetched, or over a week ago;
-- best rank first (a model in several tasks by its best), at most $1.
SELECT t.model_id
FROM hf.model_tasks AS t
LEFT JOIN hf.model_details AS d ON d.model_id = t.model_id
WHERE d.model_id IS NULL OR d.fetched_at < now() - interval '7 days'
GROUP BY t.model_id
ORDER BY min(t.rank_in_task), t.model_id
LIMIT $1
