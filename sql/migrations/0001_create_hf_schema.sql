-- The catalogue's schema: hf.models, hf.tasks, hf.model_tasks and their
-- four indexes, plus the fields the Hub client parses beyond them and the run log.
-- Every `hf.` is replaced by the configured schema name (validated) when applied.

CREATE TABLE hf.tasks (
    task_id        text PRIMARY KEY,
    task_label     text NOT NULL,
    -- which listing named the task: /api/tasks, or only the Hub's pipeline-tag list
    source         text NOT NULL DEFAULT 'api_tasks' CHECK (source IN ('api_tasks', 'pipeline_tags')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_synced_at timestamptz
);

CREATE TABLE hf.models (
    model_id           text PRIMARY KEY,
    hub_id             text,             -- the Hub's stable _id; model_id changes on rename
    license            text,
    likes              bigint,
    downloads          bigint,           -- the Hub's rolling 30-day count
    last_modified      timestamptz,
    tags               jsonb NOT NULL DEFAULT '[]'::jsonb,
    pipeline_tag       text,
    library_name       text,
    author             text,
    created_at_hub     timestamptz,      -- createdAt on the Hub (2022-03-02T23:29:04Z = unknown)
    trending_score     double precision,
    downloads_all_time bigint,
    gated              text,             -- 'false', 'auto', 'manual'
    created_at         timestamptz NOT NULL DEFAULT now(),  -- first stored here
    updated_at         timestamptz NOT NULL DEFAULT now(),  -- last time a field changed
    last_synced_at     timestamptz NOT NULL DEFAULT now()   -- last time a crawl saw it
);

CREATE TABLE hf.model_tasks (
    model_id     text NOT NULL REFERENCES hf.models (model_id) ON DELETE CASCADE,
    task_id      text NOT NULL REFERENCES hf.tasks (task_id) ON DELETE CASCADE,
    rank_in_task integer NOT NULL CHECK (rank_in_task > 0),
    matched_by   text NOT NULL DEFAULT 'tag' CHECK (matched_by IN ('tag', 'pipeline')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT model_tasks_model_id_task_id_key UNIQUE (model_id, task_id),
    -- one model per rank; checked at commit so a ranking can be replaced in one transaction
    CONSTRAINT model_tasks_task_id_rank_key UNIQUE (task_id, rank_in_task) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE hf.crawl_runs (
    run_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    status       text NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'interrupted')),
    parameters   jsonb NOT NULL,
    tasks_ok     integer NOT NULL DEFAULT 0,
    tasks_failed integer NOT NULL DEFAULT 0,
    models       integer NOT NULL DEFAULT 0,
    mappings     integer NOT NULL DEFAULT 0,
    requests     integer NOT NULL DEFAULT 0,
    retries      integer NOT NULL DEFAULT 0,
    rate_limited integer NOT NULL DEFAULT 0,
    malformed    integer NOT NULL DEFAULT 0,
    duplicates   integer NOT NULL DEFAULT 0,
    error        text
);

CREATE INDEX idx_models_downloads ON hf.models (downloads);
CREATE INDEX idx_models_likes ON hf.models (likes);
CREATE INDEX idx_models_pipeline_tag ON hf.models (pipeline_tag);
CREATE INDEX idx_model_tasks_task_id ON hf.model_tasks (task_id);
CREATE INDEX idx_models_hub_id ON hf.models (hub_id);
