-- Tasks whose ranking was replaced at or after $1 (by the run being resumed).
SELECT task_id FROM hf.tasks WHERE last_synced_at >= $1
