-- The database's and schema $1's size now, then the sizes the crawl runs of the last $2 days
-- (before the newest one) recorded at their end, newest first (kind 'now' has no run). A
-- cards run is left out: its size sits between two crawls' and says nothing of their pace.
(SELECT 'now' AS kind, NULL::bigint AS run_id, now() AS at,
        pg_database_size(current_database()) AS database_bytes,
        (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
         FROM pg_catalog.pg_class AS c
         JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')) AS schema_bytes)
UNION ALL
(SELECT 'run', r.run_id, r.finished_at, r.database_bytes, r.schema_bytes
 FROM hf.crawl_runs AS r
 WHERE r.database_bytes IS NOT NULL AND r.mode <> 'cards'
   AND r.finished_at >= (SELECT max(l.finished_at) FROM hf.crawl_runs AS l
                         WHERE l.database_bytes IS NOT NULL AND l.mode <> 'cards')
                        - make_interval(days => $2)
 ORDER BY r.finished_at DESC)
