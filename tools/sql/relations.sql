-- The tables and views of schema $1, each with its comment.
SELECT c.oid, c.relname, c.relkind::text AS relkind,
       coalesce(obj_description(c.oid, 'pg_class'), '') AS comment
FROM pg_class AS c
WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'v', 'm')
ORDER BY c.relkind, c.relname
