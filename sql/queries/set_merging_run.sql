-- The run this merge transaction writes for, as a setting its triggers read
-- (hf_crawler.run_id; ends with the transaction).
SELECT set_config('hf_crawler.run_id', $1, true)
