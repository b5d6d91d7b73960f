-- One task's datasets as the Hub ranked them, staged for one merge transaction.
CREATE TEMP TABLE stage_datasets (
    dataset_id         text COLLATE "C" NOT NULL,
    rank_in_task       integer NOT NULL,
    hub_id             text,
    author             text,
    license            text,
    likes              bigint,
    downloads          bigint,
    downloads_all_time bigint,
    trending_score     double precision,
    tags               text[] NOT NULL,
    task_categories    text[] NOT NULL,
    languages          text[] NOT NULL,
    size_category      text,
    gated              text,
    private            boolean,
    sha                text,
    created_at_hub     timestamptz,
    last_modified      timestamptz
) ON COMMIT DROP
