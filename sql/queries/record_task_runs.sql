-- History: run $1 covered these tasks ($2) completely, with this many models each.
INSERT INTO hf.task_runs (task_id, run_id, models)
SELECT t.task_id, $1, coalesce(s.models, 0)
FROM unnest($2::text[]) AS t (task_id)
LEFT JOIN (SELECT task_id, count(*) AS models FROM stage_ranks GROUP BY task_id) AS s
    ON s.task_id = t.task_id
ON CONFLICT (task_id, run_id) DO NOTHING
