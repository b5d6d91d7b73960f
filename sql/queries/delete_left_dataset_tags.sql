-- Datasets the staged models' tags no longer name (stage_dataset_tags holds every one they
-- do name).
DELETE FROM hf.model_dataset_tags AS m
USING stage_models AS s
WHERE m.model_id = s.model_id
  AND NOT EXISTS (
      SELECT 1 FROM stage_dataset_tags AS t
      WHERE t.model_id = m.model_id AND t.dataset_id = m.dataset_id
  )
