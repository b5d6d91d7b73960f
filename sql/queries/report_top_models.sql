SELECT model_id, likes, downloads, pipeline_tag
FROM hf.models
ORDER BY downloads DESC NULLS LAST, model_id
LIMIT $1
