-- Ranked models (in any task's top N) by the class of their licence (hf.licenses), and of
-- them how many name `other` (a licence of the repo's own) or an id hf.licenses does not
-- list: both are classed unknown.
SELECT coalesce(m.license_class, '(none)') AS license_class,
       count(*) AS models,
       count(*) FILTER (WHERE l.license_id = 'other') AS other,
       count(*) FILTER (WHERE m.license IS NOT NULL AND l.license_id IS NULL) AS unlisted
FROM hf.models AS m
LEFT JOIN hf.licenses AS l ON l.license_id = lower(split_part(m.license, ':', 1))
WHERE EXISTS (SELECT 1 FROM hf.model_tasks AS mt WHERE mt.model_id = m.model_id)
GROUP BY 1
ORDER BY models DESC, license_class
