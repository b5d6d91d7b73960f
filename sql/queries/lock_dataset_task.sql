-- Serialize swaps of one task's datasets (a transaction-level lock: safe behind a
-- transaction pooler); the models' swaps of the task take another key.
SELECT pg_advisory_xact_lock(hashtext('hf_crawler.swap-datasets:hf.' || $1::text))
