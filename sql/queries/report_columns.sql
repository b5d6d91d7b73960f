SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_schema = $1 AND table_name IN ('models', 'tasks', 'model_tasks')
ORDER BY table_name, ordinal_position
