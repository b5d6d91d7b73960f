-- Each model's base models, as its tags state them.
SELECT model_id, base_model_id, relation FROM hf.model_lineage
ORDER BY model_id, base_model_id, relation
