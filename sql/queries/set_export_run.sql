-- The run an export reads rankings and counters as of (hf_crawler.export_run, read by
-- sql/export/*.sql; ends with the transaction).
SELECT set_config('hf_crawler.export_run', $1, true)
