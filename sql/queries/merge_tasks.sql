INSERT INTO hf.tasks AS t (task_id, task_label, source)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
ON CONFLICT (task_id) DO UPDATE SET task_label = excluded.task_label, source = excluded.source
WHERE (t.task_label, t.source) IS DISTINCT FROM (excluded.task_label, excluded.source)
