-- `hf-crawl cards` records its runs in the run log like a crawl: mode 'cards'. A cards run
-- does not refresh the catalogue's rankings, so freshness (status, metrics), the report's
-- last run and prune's "newest run" look at the catalogue's runs only.
ALTER TABLE hf.crawl_runs DROP CONSTRAINT crawl_runs_mode_check;
ALTER TABLE hf.crawl_runs
    ADD CONSTRAINT crawl_runs_mode_check CHECK (mode IN ('top', 'all', 'since', 'cards'));
