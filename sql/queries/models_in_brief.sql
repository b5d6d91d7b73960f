-- Models ($1 ids) as a search hit shows them: tasks, license, library, downloads, size,
-- licence class.
SELECT m.model_id, m.license, m.library_name, m.downloads, m.params_total, m.license_class,
       ARRAY(SELECT mt.task_id FROM hf.model_tasks AS mt
             WHERE mt.model_id = m.model_id ORDER BY mt.task_id) AS tasks
FROM hf.models AS m
WHERE m.model_id = ANY ($1::text[])
