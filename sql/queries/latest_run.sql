-- The latest run of a mode: a resumable one unless it succeeded.
SELECT run_id, status, next_url, since_at, parameters
FROM hf.crawl_runs
WHERE mode = $1
ORDER BY run_id DESC
LIMIT 1
