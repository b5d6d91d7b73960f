-- How many models the last successful full walk merged: the expected size of the next.
SELECT models FROM hf.crawl_runs
WHERE mode = 'all' AND status = 'succeeded'
ORDER BY run_id DESC
LIMIT 1
