-- Distinct models a run saw: every model it merged has last_synced_at after the run began.
SELECT count(*)
FROM hf.models
WHERE last_synced_at >= (SELECT started_at FROM hf.crawl_runs WHERE run_id = $1)
