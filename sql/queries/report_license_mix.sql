-- Ranked models (in any task's top N) by license.
SELECT coalesce(m.license, '(none)') AS license, count(*) AS models
FROM hf.models AS m
WHERE EXISTS (SELECT 1 FROM hf.model_tasks AS mt WHERE mt.model_id = m.model_id)
GROUP BY 1
ORDER BY models DESC, license
