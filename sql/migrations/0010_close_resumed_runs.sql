-- A run that a later run resumed to success is closed as 'resumed': its work is done, by the
-- chain, and it no longer reads as an unfinished failure.
ALTER TABLE hf.crawl_runs DROP CONSTRAINT crawl_runs_status_check;
ALTER TABLE hf.crawl_runs ADD CONSTRAINT crawl_runs_status_check
    CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'interrupted', 'abandoned',
                      'resumed'));
