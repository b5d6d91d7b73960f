-- The datasets each model names, by its tags or its card.
SELECT model_id, dataset_id, source FROM hf.model_datasets ORDER BY model_id, dataset_id, source
