-- The session's staging table, emptied at every commit: created once per connection,
-- not once per merge, so merges leave no dead rows in the system catalogs. Behind a
-- transaction pooler another transaction may find it: always empty.
CREATE TEMP TABLE IF NOT EXISTS stage_models (
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
    sha                text
) ON COMMIT DELETE ROWS
