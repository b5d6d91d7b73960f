-- Where an incremental sync may stop: the start of the last successful full or
-- incremental walk.
SELECT started_at
FROM hf.crawl_runs
WHERE mode IN ('all', 'since') AND status = 'succeeded'
ORDER BY run_id DESC
LIMIT 1
