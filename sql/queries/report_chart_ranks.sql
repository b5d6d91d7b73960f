-- The top $3 of each task in $1 at each run in $2 (a task a run skipped has no rows there).
SELECT x.task_id, x.model_id, x.rank_in_task, r.run_id
FROM unnest($2::bigint[]) AS r (run_id)
CROSS JOIN LATERAL hf.ranking_at(r.run_id) AS x
WHERE x.task_id = ANY ($1::text[]) AND x.rank_in_task <= $3
ORDER BY x.task_id, r.run_id, x.rank_in_task
