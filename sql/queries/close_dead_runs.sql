-- Whoever holds the lease is the only live writer: any other run still 'running' ended
-- without recording it (its process died, or it lost the database and could not). It is
-- closed as abandoned (resumable with --resume).
UPDATE hf.crawl_runs
SET status = 'abandoned', finished_at = coalesce(heartbeat_at, started_at),
    failed_phase = coalesce(failed_phase, 'unknown: its end was never recorded')
WHERE status = 'running'
RETURNING run_id
