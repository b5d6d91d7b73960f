-- History: run $1 covered these tasks ($2) completely, with this many rows each (a task
-- stored twice in one run keeps the later count).
INSERT INTO hf.{coverage} (task_id, run_id, {coverage_count})
SELECT t.task_id, $1, coalesce(s.n, 0)
FROM unnest($2::text[]) AS t (task_id)
LEFT JOIN (SELECT task_id, count(*) AS n FROM {stage_ranks} GROUP BY task_id) AS s
    ON s.task_id = t.task_id
ON CONFLICT (task_id, run_id) DO UPDATE SET {coverage_count} = excluded.{coverage_count}
