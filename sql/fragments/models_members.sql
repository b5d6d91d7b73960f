-- The tasks a model ranks in: with $4 = 'tag' each task it is tagged with, with
-- 'pipeline' only its pipeline_tag's.
CROSS JOIN LATERAL (
    SELECT tag.name FROM jsonb_array_elements_text(m.tags) AS tag (name) WHERE $4 = 'tag'
    UNION ALL
    SELECT m.pipeline_tag WHERE $4 = 'pipeline'
) AS member (task_id)
