-- The tasks a dataset ranks in: those its task_categories tags name, whatever the
-- models' match ($4).
CROSS JOIN LATERAL (
    SELECT c.task_id FROM unnest(m.task_categories) AS c (task_id) WHERE $4::text IS NOT NULL
) AS member (task_id)
