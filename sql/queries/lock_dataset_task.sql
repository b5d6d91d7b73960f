-- Serialize swaps of the same tasks' datasets (transaction-level locks: safe behind a
-- transaction pooler), in a fixed order so two transactions cannot deadlock; the models'
-- swaps of a task take another key.
SELECT pg_advisory_xact_lock(hashtext('hf_crawler.swap-datasets:hf.' || t))
FROM unnest($1::text[]) AS t
ORDER BY t
