-- For `hf-crawl status --format json`: the latest runs of every mode, newest first.
SELECT run_id, mode, status, started_at, finished_at, failed_phase
FROM hf.crawl_runs
ORDER BY run_id DESC
LIMIT $1
