-- Full-Hub walks and resumable runs: what kind of run, where a walk got to (its next Link,
-- saved with every merged batch), which run it resumes, and since when its work counts.
ALTER TABLE hf.crawl_runs
    ADD COLUMN mode text NOT NULL DEFAULT 'top' CHECK (mode IN ('top', 'all', 'since')),
    ADD COLUMN next_url text,
    ADD COLUMN resumed_from bigint REFERENCES hf.crawl_runs (run_id),
    ADD COLUMN since_at timestamptz;
UPDATE hf.crawl_runs SET since_at = started_at WHERE since_at IS NULL;
