-- The columns of relation $1 (an oid) in order, each with its type and comment.
SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
       coalesce(col_description(a.attrelid, a.attnum), '') AS comment
FROM pg_attribute AS a
WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
