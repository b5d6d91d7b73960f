SELECT version FROM hf.schema_migrations ORDER BY version
