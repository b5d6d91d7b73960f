-- `hf-crawl changes`: hf.changes_since($1 the run to compare from, $2 the run to compare
-- to, NULL: the latest), as JSON text.
SELECT hf.changes_since($1, $2)::text
