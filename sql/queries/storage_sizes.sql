-- The database's and schema $1's size now, then the sizes the latest $2 runs recorded at
-- their end, newest first (kind 'now' has no run).
(SELECT 'now' AS kind, NULL::bigint AS run_id, now() AS at,
        pg_database_size(current_database()) AS database_bytes,
        (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
         FROM pg_catalog.pg_class AS c
         JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')) AS schema_bytes)
UNION ALL
(SELECT 'run', run_id, finished_at, database_bytes, schema_bytes
 FROM hf.crawl_runs
 WHERE database_bytes IS NOT NULL
 ORDER BY run_id DESC
 LIMIT $2)
