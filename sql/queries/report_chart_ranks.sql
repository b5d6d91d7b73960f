-- The top $3 of each task in $1 at each run in $2 that covered it, from its ranking array.
SELECT tr.task_id, x.model_id, x.rank_in_task, tr.run_id
FROM hf.task_runs AS tr
CROSS JOIN LATERAL (
    SELECT h.model_ids FROM hf.task_rankings_history AS h
    WHERE h.task_id = tr.task_id AND h.run_id <= tr.run_id
    ORDER BY h.run_id DESC LIMIT 1
) AS latest
CROSS JOIN LATERAL unnest(latest.model_ids[1:$3]) WITH ORDINALITY AS x (model_id, rank_in_task)
WHERE tr.task_id = ANY ($1::text[]) AND tr.run_id = ANY ($2::bigint[])
ORDER BY tr.task_id, tr.run_id, x.rank_in_task
