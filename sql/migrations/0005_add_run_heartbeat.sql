-- A run killed outright (SIGKILL, power loss) never records its end. Every merge now
-- stamps heartbeat_at, and a new run marks runs silent for an hour as 'abandoned'.
ALTER TABLE hf.crawl_runs ADD COLUMN heartbeat_at timestamptz;
UPDATE hf.crawl_runs SET heartbeat_at = coalesce(finished_at, started_at);
ALTER TABLE hf.crawl_runs DROP CONSTRAINT crawl_runs_status_check;
ALTER TABLE hf.crawl_runs ADD CONSTRAINT crawl_runs_status_check
    CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'interrupted', 'abandoned'));
