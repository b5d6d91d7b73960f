-- Reclaim the row versions a run's merges replaced, so the next run writes into their room
-- rather than at the tables' end (outside a transaction; a locked table is skipped).
VACUUM (SKIP_LOCKED) hf.models, hf.model_tasks
