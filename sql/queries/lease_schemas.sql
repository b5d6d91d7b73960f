-- The schemas of this database that have a writer lease table (every hf-crawler schema).
SELECT n.nspname AS schema
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relname = 'writer_lease' AND c.relkind = 'r'
ORDER BY 1
