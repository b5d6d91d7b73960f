-- The datasets the staged models' tags name that the table does not hold yet.
INSERT INTO hf.model_dataset_tags (model_id, dataset_id)
SELECT t.model_id, t.dataset_id
FROM stage_dataset_tags AS t
ON CONFLICT DO NOTHING
