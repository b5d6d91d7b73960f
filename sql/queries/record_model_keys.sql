-- Dictionary codes for models ranked for the first time, in rank order, so that a
-- ranking's codes lie close together and delta-code small; $1 is the run.
INSERT INTO hf.model_keys (model_id, first_run_id)
SELECT s.model_id, $1
FROM stage_ranks AS s
WHERE NOT EXISTS (SELECT 1 FROM hf.model_keys AS k WHERE k.model_id = s.model_id)
GROUP BY s.model_id
ORDER BY min(s.task_id), min(s.rank_in_task), s.model_id
ON CONFLICT (model_id) DO NOTHING
