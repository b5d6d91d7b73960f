-- Datasets, the other half of what the Hub's tasks rank: a dataset belongs to a task through
-- its tag task_categories:<task>, with the task ids models use. hf.datasets holds each
-- dataset once (as hf.models does: rewritten only when a field changed, no index on a
-- counter so updates are heap-only, room on each page for them); hf.dataset_tasks each
-- task's top N by downloads, swapped whole per task; hf.dataset_task_runs which run covered
-- which task's datasets (when a dataset was last seen; prune's cascade finds a run's rows
-- by its index).
CREATE TABLE hf.datasets (
    dataset_id         text COLLATE "C" PRIMARY KEY,
    hub_id             text,
    author             text,
    license            text,
    likes              bigint,
    downloads          bigint,
    downloads_all_time bigint,
    trending_score     double precision,
    tags               jsonb NOT NULL DEFAULT '[]',
    task_categories    text[] NOT NULL DEFAULT '{}',  -- from its task_categories: tags
    languages          text[] NOT NULL DEFAULT '{}',  -- from its language: tags
    size_category      text,                          -- its size_categories: tag
    gated              text,
    private            boolean,
    sha                text,
    created_at_hub     timestamptz,
    last_modified      timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    last_synced_at     timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE hf.datasets ENABLE ROW LEVEL SECURITY;

CREATE TABLE hf.dataset_tasks (
    dataset_id   text COLLATE "C" NOT NULL REFERENCES hf.datasets (dataset_id) ON DELETE CASCADE,
    task_id      text COLLATE "C" NOT NULL REFERENCES hf.tasks (task_id) ON DELETE CASCADE,
    rank_in_task integer NOT NULL CHECK (rank_in_task > 0),
    created_at   timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05);
CREATE UNIQUE INDEX idx_dataset_tasks_task_id ON hf.dataset_tasks (task_id, dataset_id);
ALTER TABLE hf.dataset_tasks ENABLE ROW LEVEL SECURITY;

CREATE TABLE hf.dataset_task_runs (
    task_id  text COLLATE "C" NOT NULL REFERENCES hf.tasks (task_id) ON DELETE CASCADE,
    run_id   bigint NOT NULL REFERENCES hf.crawl_runs (run_id) ON DELETE CASCADE,
    datasets integer NOT NULL,
    PRIMARY KEY (task_id, run_id)
);
CREATE INDEX idx_dataset_task_runs_run_id ON hf.dataset_task_runs (run_id);
ALTER TABLE hf.dataset_task_runs ENABLE ROW LEVEL SECURITY;

ALTER TABLE hf.crawl_runs
    ADD COLUMN dataset_tasks_ok integer NOT NULL DEFAULT 0,
    ADD COLUMN dataset_tasks_failed integer NOT NULL DEFAULT 0,
    ADD COLUMN datasets integer NOT NULL DEFAULT 0,
    ADD COLUMN dataset_mappings integer NOT NULL DEFAULT 0;

-- The datasets a model's tags name (dataset:<id>), replaced by every merge of the model;
-- datasets the catalogue does not hold are kept as ids.
CREATE TABLE hf.model_dataset_tags (
    model_id   text COLLATE "C" NOT NULL REFERENCES hf.models (model_id) ON DELETE CASCADE,
    dataset_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (model_id, dataset_id)
);
ALTER TABLE hf.model_dataset_tags ENABLE ROW LEVEL SECURITY;

-- The dataset ids a card's front matter lists under `datasets:` (a string or a list).
CREATE FUNCTION hf.card_datasets(meta jsonb)
RETURNS SETOF text
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    SELECT DISTINCT btrim(d.value)
    FROM jsonb_array_elements_text(
        CASE jsonb_typeof(meta -> 'datasets')
            WHEN 'array' THEN meta -> 'datasets'
            WHEN 'string' THEN jsonb_build_array(meta -> 'datasets')
            ELSE '[]'::jsonb
        END
    ) AS d (value)
    WHERE btrim(d.value) <> ''
$$;

-- Which datasets each model was trained on: from its tags (kept by every crawl) and from its
-- card (kept by every cards run), one row per source.
CREATE VIEW hf.model_datasets WITH (security_invoker = on) AS
SELECT t.model_id, t.dataset_id, 'tag' AS source
FROM hf.model_dataset_tags AS t
UNION ALL
SELECT c.model_id, d.dataset_id, 'card' AS source
FROM hf.model_cards AS c
JOIN hf.card_texts AS x ON x.card_sha256 = c.card_sha256
CROSS JOIN LATERAL hf.card_datasets(x.meta) AS d (dataset_id);

-- Each task's current datasets with their fields, best first.
CREATE VIEW hf.dataset_leaderboard WITH (security_invoker = on) AS
SELECT dt.task_id, dt.rank_in_task, d.dataset_id, d.author, d.license, d.downloads, d.likes,
       d.trending_score, d.size_category, d.languages, d.gated, d.last_modified
FROM hf.dataset_tasks AS dt
JOIN hf.datasets AS d ON d.dataset_id = dt.dataset_id;

-- For each task, the datasets its ranked models were trained on most (by either source),
-- and whether the catalogue holds the dataset.
CREATE VIEW hf.task_datasets_used WITH (security_invoker = on) AS
SELECT mt.task_id, md.dataset_id, count(DISTINCT mt.model_id) AS models,
       bool_or(d.dataset_id IS NOT NULL) AS in_catalogue
FROM hf.model_tasks AS mt
JOIN hf.model_datasets AS md ON md.model_id = mt.model_id
LEFT JOIN hf.datasets AS d ON d.dataset_id = md.dataset_id
GROUP BY mt.task_id, md.dataset_id;

-- When each dataset was last seen by a crawl: whenever one of its tasks was covered, else
-- when its row was last written.
CREATE VIEW hf.dataset_last_seen WITH (security_invoker = on) AS
SELECT d.dataset_id, greatest(d.last_synced_at, covered.at) AS last_seen_at
FROM hf.datasets AS d
LEFT JOIN (
    SELECT dt.dataset_id, max(r.started_at) AS at
    FROM hf.dataset_tasks AS dt
    JOIN hf.dataset_task_runs AS c ON c.task_id = dt.task_id
    JOIN hf.crawl_runs AS r ON r.run_id = c.run_id
    GROUP BY dt.dataset_id
) AS covered ON covered.dataset_id = d.dataset_id;

-- The models stored before: their dataset:<id> tags, as a crawl's merge reads them
-- (store/model_links.py).
INSERT INTO hf.model_dataset_tags (model_id, dataset_id)
SELECT DISTINCT m.model_id, substr(t.tag, 9)
FROM hf.models AS m
CROSS JOIN LATERAL jsonb_array_elements_text(
    CASE WHEN jsonb_typeof(m.tags) = 'array' THEN m.tags ELSE '[]'::jsonb END
) AS t (tag)
WHERE t.tag LIKE 'dataset:_%';
