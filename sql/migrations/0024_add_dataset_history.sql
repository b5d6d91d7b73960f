-- The datasets' history, stored as the models' is (migration 0013): one row per task per
-- run, its ranking as delta-coded dictionary codes (hf.dataset_keys, given once per dataset
-- in rank order) and its datasets' counters in rank order, each narrow when it fits, so the
-- arrays compress in TOAST. Written in the transaction that swaps the task's datasets.
CREATE TABLE hf.dataset_keys (
    dataset_key  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset_id   text COLLATE "C" NOT NULL UNIQUE,
    first_run_id bigint NOT NULL  -- the first run that ranked it: no snapshot before holds it
);
ALTER TABLE hf.dataset_keys ENABLE ROW LEVEL SECURITY;

CREATE TABLE hf.dataset_snapshots (
    run_id                  bigint NOT NULL REFERENCES hf.crawl_runs (run_id) ON DELETE CASCADE,
    task_id                 text COLLATE "C" NOT NULL
                            REFERENCES hf.tasks (task_id) ON DELETE CASCADE,
    dataset_keys            integer[] NOT NULL,  -- delta-coded hf.dataset_keys, rank order
    downloads               integer[],           -- delta-coded, rank order
    likes                   integer[],
    trending_tenths         integer[],
    downloads_all_time      integer[],
    wide_downloads          bigint[],            -- delta-coded, rank order
    wide_likes              bigint[],
    wide_trending_score     double precision[],
    wide_downloads_all_time bigint[],
    PRIMARY KEY (run_id, task_id),
    CHECK ((downloads IS NULL) <> (wide_downloads IS NULL)),
    CHECK ((likes IS NULL) <> (wide_likes IS NULL)),
    CHECK ((trending_tenths IS NULL) <> (wide_trending_score IS NULL)),
    CHECK ((downloads_all_time IS NULL) <> (wide_downloads_all_time IS NULL))
) WITH (fillfactor = 100);  -- written once, never updated
ALTER TABLE hf.dataset_snapshots ENABLE ROW LEVEL SECURITY;

-- Every task's datasets as run R stored them, as rows.
CREATE FUNCTION hf.dataset_ranking_at(r bigint)
RETURNS TABLE (task_id text, rank_in_task bigint, dataset_id text)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT s.task_id, x.rank_in_task, k.dataset_id
    FROM hf.dataset_snapshots AS s
    CROSS JOIN LATERAL unnest(hf.delta_decode(s.dataset_keys))
        WITH ORDINALITY AS x (dataset_key, rank_in_task)
    JOIN hf.dataset_keys AS k ON k.dataset_key = x.dataset_key
    WHERE s.run_id = r
$$;

-- Every dataset ranked by run R with its counters as they were at R (a dataset of several
-- tasks has the same counters in each). A dataset R did not see has no row.
CREATE FUNCTION hf.dataset_stats_at(r bigint)
RETURNS TABLE (dataset_id text, downloads bigint, likes bigint,
               trending_score double precision, downloads_all_time bigint)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT DISTINCT ON (k.dataset_id)
           k.dataset_id, u.d, u.l, u.t, u.a
    FROM hf.dataset_snapshots AS s
    CROSS JOIN LATERAL unnest(
        hf.delta_decode(s.dataset_keys),
        hf.delta_decode(coalesce(s.downloads::bigint[], s.wide_downloads)),
        coalesce(s.likes::bigint[], s.wide_likes),
        coalesce(hf.from_tenths(s.trending_tenths), s.wide_trending_score),
        coalesce(s.downloads_all_time::bigint[], s.wide_downloads_all_time)
    ) AS u (k, d, l, t, a)
    JOIN hf.dataset_keys AS k ON k.dataset_key = u.k
    WHERE s.run_id = r
    ORDER BY k.dataset_id, s.task_id
$$;

-- Download growth of every dataset seen by both runs, biggest first.
CREATE FUNCTION hf.dataset_movers_between(r0 bigint, r1 bigint)
RETURNS TABLE (dataset_id text, downloads_before bigint, downloads_after bigint,
               growth bigint, likes_before bigint, likes_after bigint)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT a.dataset_id, b.downloads, a.downloads, a.downloads - b.downloads,
           b.likes, a.likes
    FROM hf.dataset_stats_at(r1) AS a
    JOIN hf.dataset_stats_at(r0) AS b USING (dataset_id)
    ORDER BY a.downloads - b.downloads DESC NULLS LAST, a.dataset_id
$$;
