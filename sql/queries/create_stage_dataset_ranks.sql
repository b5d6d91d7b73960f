-- Rankings of datasets to swap in: fetched (a task's top N) or derived in SQL (full-Hub mode).
CREATE TEMP TABLE stage_dataset_ranks (
    task_id      text COLLATE "C" NOT NULL,
    dataset_id   text COLLATE "C" NOT NULL,
    rank_in_task integer NOT NULL
) ON COMMIT DROP
