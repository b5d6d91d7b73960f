-- The latest runs that covered tasks, oldest first: the x axis of the charts over runs.
SELECT run_id, started_at FROM (
    SELECT run_id, started_at FROM hf.covering_runs ORDER BY run_id DESC LIMIT $1
) AS latest
ORDER BY run_id
