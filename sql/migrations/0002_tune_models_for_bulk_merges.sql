-- Faster merges, measured with `make bench` (see README, Performance):
-- * ids compare as bytes (COLLATE "C"): the database default (e.g. C.UTF-8 under libc)
--   goes through strcoll on every B-tree comparison;
-- * room on each page (fillfactor 90) so re-syncing an unchanged model is a HOT update
--   that touches no index;
-- * no index on hub_id: nothing looks models up by it yet.
DROP INDEX IF EXISTS hf.idx_models_hub_id;
ALTER TABLE hf.models ALTER COLUMN model_id TYPE text COLLATE "C";
ALTER TABLE hf.models ALTER COLUMN pipeline_tag TYPE text COLLATE "C";
ALTER TABLE hf.tasks ALTER COLUMN task_id TYPE text COLLATE "C";
ALTER TABLE hf.model_tasks ALTER COLUMN model_id TYPE text COLLATE "C";
ALTER TABLE hf.model_tasks ALTER COLUMN task_id TYPE text COLLATE "C";
ALTER TABLE hf.models SET (fillfactor = 90);
