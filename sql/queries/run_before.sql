-- The run `--since 7d` compares from: the newest run that covered tasks and started at
-- least $1 ago, else the oldest one (NULL: no run yet).
SELECT coalesce(
    (SELECT max(run_id) FROM hf.covering_runs WHERE started_at <= now() - $1::interval),
    (SELECT min(run_id) FROM hf.covering_runs)
)
