-- Dictionary codes for models ranked for the first time (the rankings derived in SQL; $1 is
-- the run), in rank order, so that a ranking's codes lie close together and delta-code
-- small; each above every code given so far, stored models' and retired ones'.
WITH last AS (
    SELECT greatest(
        (SELECT coalesce(max(model_key), 0) FROM hf.models),
        (SELECT coalesce(max(model_key), 0) FROM hf.retired_model_keys)
    ) AS code
),
new AS (
    SELECT s.model_id,
           row_number() OVER (ORDER BY min(s.task_id), min(s.rank_in_task), s.model_id) AS n
    FROM stage_ranks AS s
    JOIN hf.models AS m ON m.model_id = s.model_id
    WHERE m.model_key IS NULL
    GROUP BY s.model_id
)
UPDATE hf.models AS m
SET model_key = (SELECT code FROM last) + new.n, first_run_id = $1
FROM new
WHERE m.model_id = new.model_id
