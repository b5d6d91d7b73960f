-- Distinct models a full walk saw: every model it merged was stamped after the run began
-- (a top-N run's sink counts its own).
SELECT count(*)
FROM hf.models
WHERE last_synced_at >= (SELECT started_at FROM hf.crawl_runs WHERE run_id = $1)
