-- The Hub lists a token owner's private repos to that token; they are skipped unless asked
-- for, and then marked. Values Postgres cannot hold are stored as NULL and counted per run.
ALTER TABLE hf.models ADD COLUMN private boolean;
ALTER TABLE hf.crawl_runs
    ADD COLUMN fields_dropped integer NOT NULL DEFAULT 0,
    ADD COLUMN private_skipped integer NOT NULL DEFAULT 0;
