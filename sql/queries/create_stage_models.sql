CREATE TEMP TABLE stage_models (
    model_id           text COLLATE "C" NOT NULL,
    hub_id             text,
    license            text,
    likes              bigint,
    downloads          bigint,
    last_modified      timestamptz,
    tags               text[] NOT NULL,
    pipeline_tag       text,
    library_name       text,
    author             text,
    created_at_hub     timestamptz,
    trending_score     double precision,
    downloads_all_time bigint,
    gated              text,
    private            boolean,
    sha                text,
    model_key          integer,  -- the model's snapshot code, as the run gives or found it
    first_run_id       bigint
) ON COMMIT DROP
