SELECT EXISTS (SELECT 1 FROM hf.schema_migrations WHERE version = $1)
