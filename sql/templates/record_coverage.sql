-- History: run $1 covered these tasks ($2) completely, with this many rows each (a task
-- stored twice in one run keeps the later count).
INSERT INTO hf.{coverage} ({list}, run_id, {coverage_count})
SELECT t.{list}, $1, coalesce(s.n, 0)
FROM unnest($2::text[]) AS t ({list})
LEFT JOIN (SELECT {list}, count(*) AS n FROM {stage_ranks} GROUP BY {list}) AS s
    ON s.{list} = t.{list}
ON CONFLICT ({list}, run_id) DO UPDATE SET {coverage_count} = excluded.{coverage_count}
