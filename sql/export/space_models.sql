-- The models each Space uses, as the Hub lists them.
SELECT space_id, model_id FROM hf.space_models ORDER BY space_id, model_id
