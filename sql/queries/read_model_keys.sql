-- The dictionary codes of the models in $1 that have one, from their rows.
SELECT model_id, model_key FROM hf.models WHERE model_id = ANY ($1::text[]) AND model_key IS NOT NULL
