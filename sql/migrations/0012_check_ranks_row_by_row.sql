-- One model per rank, checked row by row instead of at commit, by one index instead of two:
-- a unique index on (task_id, rank_in_task) also serves every lookup by task, which the
-- (task_id) index did apart. A ranking swap deletes every mapping that is not at its new
-- rank before it inserts, so no row ever has to wait for commit to be unique (a moved
-- mapping's created_at is now when it took its rank).
-- Measured with `make bench`: each mapping cost one index insertion and a recheck fewer.
ALTER TABLE hf.model_tasks DROP CONSTRAINT model_tasks_task_id_rank_key;
DROP INDEX hf.idx_model_tasks_task_id;
CREATE UNIQUE INDEX idx_model_tasks_task_id ON hf.model_tasks (task_id, rank_in_task);
