-- Downloads, as known at each run in $2, of the current top $3 of each task in $1.
SELECT mt.task_id, mt.model_id, mt.rank_in_task, r.run_id, s.downloads
FROM hf.model_tasks AS mt
CROSS JOIN unnest($2::bigint[]) AS r (run_id)
LEFT JOIN LATERAL (
    SELECT h.downloads FROM hf.model_stats_history AS h
    WHERE h.model_id = mt.model_id AND h.run_id <= r.run_id
    ORDER BY h.run_id DESC LIMIT 1
) AS s ON true
WHERE mt.task_id = ANY ($1::text[]) AND mt.rank_in_task <= $3
ORDER BY mt.task_id, mt.rank_in_task, r.run_id
