-- The tasks the Hub lists.
SELECT task_id, task_label, source FROM hf.tasks ORDER BY task_id
