-- The hashes of migrations applied before hashes were recorded: their files as they are
-- now ($1 versions, $2 hashes).
UPDATE hf.schema_migrations AS applied
SET sha256 = file.sha256
FROM unnest($1::integer[], $2::text[]) AS file (version, sha256)
WHERE applied.version = file.version AND applied.sha256 IS NULL
