-- The biggest download growth between the last two runs that covered tasks; models whose
-- downloads did not move are not movers.
SELECT model_id, downloads_before, downloads_after, growth
FROM hf.movers_last_two_runs
WHERE growth <> 0
LIMIT $1
