-- Dictionary codes for the staged rankings' datasets ranked for the first time, in rank
-- order, so a ranking's codes lie close together and delta-code small; $1 is the run.
INSERT INTO hf.dataset_keys (dataset_id, first_run_id)
SELECT s.dataset_id, $1
FROM stage_dataset_ranks AS s
WHERE NOT EXISTS (SELECT 1 FROM hf.dataset_keys AS k WHERE k.dataset_id = s.dataset_id)
GROUP BY s.dataset_id
ORDER BY min(s.task_id), min(s.rank_in_task), s.dataset_id
ON CONFLICT (dataset_id) DO NOTHING
