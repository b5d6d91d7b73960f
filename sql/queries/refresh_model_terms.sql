-- Every model's search words (id, tags, pipeline tag), written only where they changed.
-- Returns "INSERT 0 n".
INSERT INTO hf.model_terms AS t (model_id, search)
SELECT m.model_id, hf.model_words(m.model_id, m.tags, m.pipeline_tag)
FROM hf.models AS m
ON CONFLICT (model_id) DO UPDATE SET search = excluded.search
WHERE t.search IS DISTINCT FROM excluded.search
