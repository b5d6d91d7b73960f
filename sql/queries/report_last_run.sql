SELECT run_id, started_at, finished_at, status, parameters, tasks_ok, tasks_failed, models,
       mappings, requests, retries, rate_limited, malformed, duplicates,
       fields_dropped, private_skipped, error
FROM hf.crawl_runs
ORDER BY run_id DESC
LIMIT 1
