-- The staged models' tags name no dataset: any stored for them leaves.
DELETE FROM hf.model_dataset_tags AS m
USING stage_models AS s
WHERE m.model_id = s.model_id
