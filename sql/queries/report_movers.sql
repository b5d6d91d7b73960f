SELECT model_id, downloads_before, downloads_after, growth
FROM hf.movers_last_two_runs
LIMIT $1
