-- Spaces (`--repos spaces`), in the shape models and datasets have, so the same templated
-- statements merge, rank and snapshot them: the Hub ranks Spaces across the whole Hub,
-- not per task, so their ranking is one list named after its sort ('likes'), and its
-- table names a list and a place in it (ranking, rank) where the others name a task. A
-- Space lists the models and datasets it uses (expand models, datasets); those links are
-- its arrays, read as rows by hf.space_models and hf.space_datasets.
CREATE TABLE hf.spaces (
    space_id         text PRIMARY KEY COLLATE "C",
    hub_id           text,
    author           text,
    license          text,
    sdk              text,
    likes            bigint,
    trending_score   double precision,
    runtime_stage    text,
    runtime_hardware text,
    models           text[] NOT NULL DEFAULT '{}',
    datasets         text[] NOT NULL DEFAULT '{}',
    tags             jsonb NOT NULL DEFAULT '[]',
    private          boolean,
    sha              text,
    created_at_hub   timestamptz,
    last_modified    timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    last_synced_at   timestamptz NOT NULL DEFAULT now(),
    space_key        integer,
    first_run_id     bigint
) WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE hf.spaces ENABLE ROW LEVEL SECURITY;
CREATE UNIQUE INDEX idx_spaces_space_key ON hf.spaces (space_key) INCLUDE (space_id);

CREATE TABLE hf.retired_space_keys (
    space_key    integer PRIMARY KEY,
    space_id     text COLLATE "C" NOT NULL,
    first_run_id bigint NOT NULL
);
ALTER TABLE hf.retired_space_keys ENABLE ROW LEVEL SECURITY;

CREATE FUNCTION hf.retire_space_keys() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    INSERT INTO hf.retired_space_keys (space_key, space_id, first_run_id)
    SELECT o.space_key, o.space_id, o.first_run_id
    FROM gone AS o
    WHERE o.space_key IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER retire_space_keys AFTER DELETE ON hf.spaces
REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION hf.retire_space_keys();

CREATE VIEW hf.space_keys WITH (security_invoker = on) AS
SELECT s.space_key, s.space_id::text COLLATE "C" AS space_id, s.first_run_id
FROM hf.spaces AS s
WHERE s.space_key IS NOT NULL
UNION ALL
SELECT r.space_key, r.space_id, r.first_run_id
FROM hf.retired_space_keys AS r;

CREATE TABLE hf.space_ranks (
    space_id   text NOT NULL COLLATE "C" REFERENCES hf.spaces ON DELETE CASCADE,
    ranking    text NOT NULL COLLATE "C",
    rank       integer NOT NULL CHECK (rank > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    matched_by text NOT NULL DEFAULT 'sort' CHECK (matched_by = 'sort')
) WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE hf.space_ranks ENABLE ROW LEVEL SECURITY;
CREATE UNIQUE INDEX idx_space_ranks_ranking ON hf.space_ranks (ranking, space_id);

CREATE TABLE hf.space_ranking_runs (
    ranking text NOT NULL COLLATE "C",
    run_id  bigint NOT NULL REFERENCES hf.crawl_runs ON DELETE CASCADE,
    spaces  integer NOT NULL,
    PRIMARY KEY (ranking, run_id)
);
ALTER TABLE hf.space_ranking_runs ENABLE ROW LEVEL SECURITY;
CREATE INDEX idx_space_ranking_runs_run_id ON hf.space_ranking_runs (run_id);

CREATE TABLE hf.space_snapshots (
    run_id                  bigint NOT NULL REFERENCES hf.crawl_runs ON DELETE CASCADE,
    ranking                 text NOT NULL COLLATE "C",
    space_keys              integer[] NOT NULL,
    downloads               integer[],
    likes                   integer[],
    trending_tenths         integer[],
    downloads_all_time      integer[],
    wide_downloads          bigint[],
    wide_likes              bigint[],
    wide_trending_score     double precision[],
    wide_downloads_all_time bigint[],
    written                 bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (run_id, ranking),
    CHECK ((downloads IS NULL) <> (wide_downloads IS NULL)),
    CHECK ((likes IS NULL) <> (wide_likes IS NULL)),
    CHECK ((trending_tenths IS NULL) <> (wide_trending_score IS NULL)),
    CHECK ((downloads_all_time IS NULL) <> (wide_downloads_all_time IS NULL))
) WITH (fillfactor = 100);
ALTER TABLE hf.space_snapshots ENABLE ROW LEVEL SECURITY;

CREATE VIEW hf.space_models WITH (security_invoker = on) AS
SELECT s.space_id, m.model_id::text COLLATE "C" AS model_id
FROM hf.spaces AS s
CROSS JOIN LATERAL unnest(s.models) AS m (model_id);

CREATE VIEW hf.space_datasets WITH (security_invoker = on) AS
SELECT s.space_id, d.dataset_id::text COLLATE "C" AS dataset_id
FROM hf.spaces AS s
CROSS JOIN LATERAL unnest(s.datasets) AS d (dataset_id);

-- A run's ranking of Spaces as rows, with the likes each had then.
CREATE FUNCTION hf.space_ranking_at(r bigint)
RETURNS TABLE (ranking text, rank bigint, space_id text, likes bigint,
               trending_score double precision)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT s.ranking, u.o, k.space_id, u.l, u.t
    FROM hf.space_snapshots AS s
    CROSS JOIN LATERAL unnest(
        hf.delta_decode(s.space_keys),
        coalesce(s.likes::bigint[], s.wide_likes),
        coalesce(hf.from_tenths(s.trending_tenths), s.wide_trending_score)
    ) WITH ORDINALITY AS u (k, l, t, o)
    JOIN hf.space_keys AS k ON k.space_key = u.k
    WHERE s.run_id = r
$$;

-- The ranked Spaces that use each model (only the Spaces of the current ranking count).
CREATE VIEW hf.model_space_counts WITH (security_invoker = on) AS
SELECT l.model_id, count(*)::integer AS spaces
FROM hf.space_models AS l
WHERE EXISTS (SELECT 1 FROM hf.space_ranks AS r WHERE r.space_id = l.space_id)
GROUP BY l.model_id;

ALTER TABLE hf.crawl_runs
    ADD COLUMN spaces integer NOT NULL DEFAULT 0,
    ADD COLUMN spaces_failed boolean NOT NULL DEFAULT false;

COMMENT ON TABLE hf.spaces IS 'Every Space the crawl has ranked (with --repos spaces), once; shaped and kept as "hf".models is.';
COMMENT ON COLUMN hf.spaces.space_id IS 'The Space''s id, owner/name.';
COMMENT ON COLUMN hf.spaces.hub_id IS 'The Hub''s internal id (_id).';
COMMENT ON COLUMN hf.spaces.author IS 'Its owner.';
COMMENT ON COLUMN hf.spaces.license IS 'Its licence, from its license: tag.';
COMMENT ON COLUMN hf.spaces.sdk IS 'What it runs on: gradio, streamlit, docker or static.';
COMMENT ON COLUMN hf.spaces.likes IS 'Its likes, as listed.';
COMMENT ON COLUMN hf.spaces.trending_score IS 'Its trending score, as listed.';
COMMENT ON COLUMN hf.spaces.runtime_stage IS 'Its runtime''s stage as listed (RUNNING, SLEEPING, BUILD_ERROR, ...).';
COMMENT ON COLUMN hf.spaces.runtime_hardware IS 'The hardware it runs on (runtime.hardware.current), NULL when not running.';
COMMENT ON COLUMN hf.spaces.models IS 'The models it uses, as the Hub lists them (also ones the catalogue does not hold).';
COMMENT ON COLUMN hf.spaces.datasets IS 'The datasets it uses, as the Hub lists them.';
COMMENT ON COLUMN hf.spaces.tags IS 'Its tags.';
COMMENT ON COLUMN hf.spaces.private IS 'Whether it is private (only listed to a token that may see it).';
COMMENT ON COLUMN hf.spaces.sha IS 'Its current commit.';
COMMENT ON COLUMN hf.spaces.created_at_hub IS 'When it was created on the Hub.';
COMMENT ON COLUMN hf.spaces.last_modified IS 'When it last changed on the Hub.';
COMMENT ON COLUMN hf.spaces.created_at IS 'When the crawl first stored it.';
COMMENT ON COLUMN hf.spaces.updated_at IS 'When a crawl last changed its row.';
COMMENT ON COLUMN hf.spaces.last_synced_at IS 'When a run last listed it (it may have left the ranking since).';
COMMENT ON COLUMN hf.spaces.space_key IS 'Its code in the history snapshots ("hf".space_snapshots); NULL: never ranked.';
COMMENT ON COLUMN hf.spaces.first_run_id IS 'The run that gave it its snapshot code.';
COMMENT ON INDEX hf.idx_spaces_space_key IS 'Snapshot codes are unique; reading a snapshot looks them up.';
COMMENT ON TABLE hf.retired_space_keys IS 'Snapshot codes of Spaces deleted since, so old snapshots still read.';
COMMENT ON COLUMN hf.retired_space_keys.space_key IS 'The code.';
COMMENT ON COLUMN hf.retired_space_keys.space_id IS 'The Space it stood for.';
COMMENT ON COLUMN hf.retired_space_keys.first_run_id IS 'The run that gave it.';
COMMENT ON FUNCTION hf.retire_space_keys() IS 'Trigger: a deleted Space''s snapshot code moves to "hf".retired_space_keys.';
COMMENT ON VIEW hf.space_keys IS 'Every Space snapshot code ever given: stored Spaces'' and retired ones.';
COMMENT ON COLUMN hf.space_keys.space_key IS 'The code.';
COMMENT ON COLUMN hf.space_keys.space_id IS 'The Space.';
COMMENT ON COLUMN hf.space_keys.first_run_id IS 'The run that gave it.';
COMMENT ON TABLE hf.space_ranks IS 'The current top Spaces of each ranking (likes: the Hub''s Spaces by likes), replaced whole by the run that covers it.';
COMMENT ON COLUMN hf.space_ranks.space_id IS 'The Space ("hf".spaces).';
COMMENT ON COLUMN hf.space_ranks.ranking IS 'The ranking: the listing''s sort (likes).';
COMMENT ON COLUMN hf.space_ranks.rank IS 'Its place, 1 the most liked.';
COMMENT ON COLUMN hf.space_ranks.created_at IS 'When it entered this ranking.';
COMMENT ON COLUMN hf.space_ranks.matched_by IS 'How it was found: sort (its place in the sorted listing).';
COMMENT ON INDEX hf.idx_space_ranks_ranking IS 'One place per Space and ranking; a swap reads a ranking by it.';
COMMENT ON TABLE hf.space_ranking_runs IS 'Which run covered which ranking of Spaces, and how many it held.';
COMMENT ON COLUMN hf.space_ranking_runs.ranking IS 'The ranking.';
COMMENT ON COLUMN hf.space_ranking_runs.run_id IS 'The run that stored it.';
COMMENT ON COLUMN hf.space_ranking_runs.spaces IS 'How many Spaces it held.';
COMMENT ON INDEX hf.idx_space_ranking_runs_run_id IS 'Pruning a run deletes its coverage by it.';
COMMENT ON TABLE hf.space_snapshots IS 'History: each ranking of Spaces at each run that covered it, as snapshot codes and likes and trending scores in rank order.';
COMMENT ON COLUMN hf.space_snapshots.run_id IS 'The run.';
COMMENT ON COLUMN hf.space_snapshots.ranking IS 'The ranking.';
COMMENT ON COLUMN hf.space_snapshots.space_keys IS 'The Spaces in rank order, as delta-coded snapshot codes.';
COMMENT ON COLUMN hf.space_snapshots.downloads IS 'Empty for Spaces (the Hub counts no downloads of them): NULLs in rank order.';
COMMENT ON COLUMN hf.space_snapshots.likes IS 'Their likes in rank order (when each fits an integer).';
COMMENT ON COLUMN hf.space_snapshots.trending_tenths IS 'Their trending scores in tenths (when exact).';
COMMENT ON COLUMN hf.space_snapshots.downloads_all_time IS 'Empty for Spaces: NULLs in rank order.';
COMMENT ON COLUMN hf.space_snapshots.wide_downloads IS 'Unused for Spaces.';
COMMENT ON COLUMN hf.space_snapshots.wide_likes IS 'Their likes, when one does not fit an integer.';
COMMENT ON COLUMN hf.space_snapshots.wide_trending_score IS 'Their trending scores, when tenths are not exact.';
COMMENT ON COLUMN hf.space_snapshots.wide_downloads_all_time IS 'Unused for Spaces.';
COMMENT ON COLUMN hf.space_snapshots.written IS 'Write order.';
COMMENT ON VIEW hf.space_models IS 'The models each Space uses, as the Hub lists them (also ones the catalogue does not hold).';
COMMENT ON COLUMN hf.space_models.space_id IS 'The Space.';
COMMENT ON COLUMN hf.space_models.model_id IS 'A model it uses.';
COMMENT ON VIEW hf.space_datasets IS 'The datasets each Space uses, as the Hub lists them.';
COMMENT ON COLUMN hf.space_datasets.space_id IS 'The Space.';
COMMENT ON COLUMN hf.space_datasets.dataset_id IS 'A dataset it uses.';
COMMENT ON FUNCTION hf.space_ranking_at(bigint) IS 'The Spaces ranked by run R, as rows (ranking, rank, Space, likes and trending score then).';
COMMENT ON VIEW hf.model_space_counts IS 'How many of the currently ranked Spaces use each model.';
COMMENT ON COLUMN hf.model_space_counts.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_space_counts.spaces IS 'Ranked Spaces that use it.';
COMMENT ON COLUMN hf.crawl_runs.spaces IS 'Distinct Spaces it stored.';
COMMENT ON COLUMN hf.crawl_runs.spaces_failed IS 'Whether its Spaces listing failed (their ranking kept as it was).';
