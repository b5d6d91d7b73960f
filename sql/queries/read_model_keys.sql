-- The dictionary codes of the models in $1 that have one.
SELECT model_id, model_key FROM hf.model_keys WHERE model_id = ANY ($1::text[])
