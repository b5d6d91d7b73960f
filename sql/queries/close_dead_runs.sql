-- Whoever holds the lease is the only live writer: any other run still 'running' died
-- without a word. It is closed as abandoned (resumable with --resume).
UPDATE hf.crawl_runs
SET status = 'abandoned', finished_at = coalesce(heartbeat_at, started_at),
    failed_phase = coalesce(failed_phase, 'unknown: the process died')
WHERE status = 'running'
RETURNING run_id
