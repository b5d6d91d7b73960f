-- Snapshot codes for rows ranked for the first time (the rankings derived in SQL; $1 is
-- the run), in rank order, so that a ranking's codes lie close together and delta-code
-- small; each above every code given so far, stored rows' and retired ones'.
WITH last AS (
    SELECT greatest(
        (SELECT coalesce(max({key}), 0) FROM hf.{table}),
        (SELECT coalesce(max({key}), 0) FROM hf.{retired})
    ) AS code
),
new AS (
    SELECT s.{id},
           row_number() OVER (ORDER BY min(s.{list}), min(s.{rank}), s.{id}) AS n
    FROM {stage_ranks} AS s
    JOIN hf.{table} AS m ON m.{id} = s.{id}
    WHERE m.{key} IS NULL
    GROUP BY s.{id}
)
UPDATE hf.{table} AS m
SET {key} = (SELECT code FROM last) + new.n, first_run_id = $1
FROM new
WHERE m.{id} = new.{id}
