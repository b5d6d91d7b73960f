-- Dictionary codes for the staged datasets ranked for the first time, in rank order, so a
-- ranking's codes lie close together and delta-code small; $1 is the run.
INSERT INTO hf.dataset_keys (dataset_id, first_run_id)
SELECT s.dataset_id, $1
FROM stage_datasets AS s
WHERE NOT EXISTS (SELECT 1 FROM hf.dataset_keys AS k WHERE k.dataset_id = s.dataset_id)
ORDER BY s.rank_in_task
ON CONFLICT (dataset_id) DO NOTHING
