-- What the database and the schema weigh at the end of each run, so that the report and
-- `status` can tell the growth per run and, against a storage budget, the days left.
ALTER TABLE hf.crawl_runs
    ADD COLUMN database_bytes bigint,  -- pg_database_size: what a hosting bill counts
    ADD COLUMN schema_bytes bigint;    -- this schema's tables with their indexes and TOAST
