-- History: each covered task's ranking at run $1, only where it differs from the task's
-- previous ranking (an empty ranking counts).
INSERT INTO hf.task_rankings_history (task_id, run_id, model_ids)
SELECT now_.task_id, $1, now_.model_ids
FROM (
    SELECT t.task_id, coalesce(s.model_ids, '{}'::text[]) AS model_ids
    FROM unnest($2::text[]) AS t (task_id)
    LEFT JOIN (
        SELECT task_id, array_agg(model_id ORDER BY rank_in_task) AS model_ids
        FROM stage_ranks GROUP BY task_id
    ) AS s ON s.task_id = t.task_id
) AS now_
LEFT JOIN LATERAL (
    SELECT h.model_ids FROM hf.task_rankings_history AS h
    WHERE h.task_id = now_.task_id
    ORDER BY h.run_id DESC LIMIT 1
) AS prev ON true
WHERE prev.model_ids IS DISTINCT FROM now_.model_ids
ON CONFLICT (task_id, run_id) DO UPDATE SET model_ids = excluded.model_ids
