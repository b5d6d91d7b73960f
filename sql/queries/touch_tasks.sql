UPDATE hf.tasks SET last_synced_at = now() WHERE task_id = ANY($1::text[])
