-- Each applied migration and the sha256 of its file when it was applied (NULL: applied
-- before hashes were recorded).
SELECT version, sha256 FROM hf.schema_migrations ORDER BY version
