-- The session's staging table, emptied at every commit: created once per connection,
-- not once per merge, so merges leave no dead rows in the system catalogs. Behind a
-- transaction pooler another transaction may find it: always empty.
CREATE TEMP TABLE IF NOT EXISTS stage_ranks (
    task_id      text COLLATE "C" NOT NULL,
    model_id     text COLLATE "C" NOT NULL,
    rank_in_task integer NOT NULL
) ON COMMIT DELETE ROWS
