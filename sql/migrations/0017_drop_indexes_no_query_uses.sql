-- Indexes that no query of the project uses cost every write: the full walk ranks by
-- pipeline tag in one scan of hf.models (never by the tag's index), and hf.crawl_runs holds
-- a row a run (a year of daily runs is a few hundred rows, read whole). A test asks the
-- planner, with sequential scans off, which index each of the project's queries can use,
-- and finds a query for every index that is left.
DROP INDEX IF EXISTS hf.idx_models_pipeline_tag;
DROP INDEX IF EXISTS hf.idx_crawl_runs_started_at;
