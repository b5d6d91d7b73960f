SELECT indexname, indexdef
FROM pg_indexes
WHERE schemaname = $1 AND indexname LIKE 'idx\_%'
ORDER BY indexname
