-- Serialize swaps of the same task's ranking of hf.{table} (transaction-level locks: safe
-- behind a transaction pooler), in a fixed order so two transactions cannot deadlock.
SELECT pg_advisory_xact_lock(hashtext('hf_crawler.swap:hf.{ranks}.' || t))
FROM unnest($1::text[]) AS t
ORDER BY t
