-- Runs still 'running' whose last merge is older than $1 died without a word.
UPDATE hf.crawl_runs
SET status = 'abandoned', finished_at = heartbeat_at
WHERE status = 'running' AND coalesce(heartbeat_at, started_at) < now() - $1::interval
RETURNING run_id
