-- Run $1 ends: what the database and schema $2 weigh now.
UPDATE hf.crawl_runs SET
    database_bytes = pg_database_size(current_database()),
    schema_bytes = (
        SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = $2 AND c.relkind IN ('r', 'm')
    )
WHERE run_id = $1
