-- Rankings to swap in: fetched (each task's top N) or derived in SQL (full-Hub mode).
CREATE TEMP TABLE {stage_ranks} (
    {list}      text COLLATE "C" NOT NULL,
    {id}         text COLLATE "C" NOT NULL,
    {rank} integer NOT NULL
) ON COMMIT DROP
