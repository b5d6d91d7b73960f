CREATE TEMP TABLE stage_ranks (
    task_id      text COLLATE "C" NOT NULL,
    model_id     text COLLATE "C" NOT NULL,
    rank_in_task integer NOT NULL
) ON COMMIT DROP
