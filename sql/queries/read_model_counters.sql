-- The stored counters of the models in $1.
SELECT model_id, downloads, likes, trending_score, downloads_all_time
FROM hf.models
WHERE model_id = ANY ($1::text[])
