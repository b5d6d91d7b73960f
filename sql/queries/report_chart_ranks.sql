-- The top $3 of each task in $1 at each run in $2 that covered it, from its snapshots.
SELECT s.task_id, k.model_id, x.rank_in_task, s.run_id
FROM hf.task_snapshots AS s
CROSS JOIN LATERAL unnest(hf.delta_decode(s.model_keys))
    WITH ORDINALITY AS x (model_key, rank_in_task)
JOIN hf.model_keys AS k ON k.model_key = x.model_key
WHERE s.task_id = ANY ($1::text[]) AND s.run_id = ANY ($2::bigint[]) AND x.rank_in_task <= $3
ORDER BY s.task_id, s.run_id, x.rank_in_task
