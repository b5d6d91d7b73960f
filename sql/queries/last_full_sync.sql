-- Where an incremental sync may stop: since when the last successful full or incremental
-- walk counted (a resumed walk counts from the start of the run it resumed, not its own).
SELECT since_at
FROM hf.crawl_runs
WHERE mode IN ('all', 'since') AND status = 'succeeded'
ORDER BY run_id DESC
LIMIT 1
