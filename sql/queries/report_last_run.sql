-- The latest run that stored data: a run that failed before storing anything (the Hub
-- unreachable, an unknown task) is not what the report summarises. Else the latest run.
SELECT run_id, started_at, finished_at, status, parameters, tasks_ok, tasks_failed, models,
       mappings, requests, retries, rate_limited, malformed, duplicates,
       fields_dropped, private_skipped, error,
       (SELECT max(run_id) FROM hf.crawl_runs WHERE mode <> 'cards') AS latest_run_id
FROM hf.crawl_runs
WHERE mode <> 'cards'  -- a cards run is reported in the cards section
ORDER BY (models > 0 OR mappings > 0) DESC, run_id DESC
LIMIT 1
