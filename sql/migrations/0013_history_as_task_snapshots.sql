-- History that stays small and cheap to read, however many runs it holds.
--
-- Before: one row per model per run whose counters changed (about 200 bytes with its
-- primary key and run index), and a task's ranking as an array of model ids. Under daily
-- drift nearly every ranked model's counters change, so the history grew by a row per
-- ranked model per run, and every write looked up each model's previous row.
--
-- Now: one row per task per covered run (hf.task_snapshots) holding the task's ranking and
-- its models' counters as arrays, the way columnar time-series stores keep a segment:
-- * model ids are dictionary-coded: hf.model_keys gives each model a small integer once;
-- * the keys and the downloads (which a ranking by downloads orders) are delta-coded
--   against the element before, so most values are small and compress well in TOAST;
-- * a row is self-contained: reading any run reads its own rows only, so no read or write
--   depends on how long the history is;
-- * one primary key per task per run, no index per model.
-- The old tables are converted losslessly and replaced by views of the same names and
-- meaning (a row where the value changed from the previous snapshot), computed from the
-- snapshots.

CREATE TABLE hf.model_keys (
    model_key    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id     text COLLATE "C" NOT NULL UNIQUE,
    first_run_id bigint NOT NULL  -- the first run that ranked it: no snapshot before holds it
);

-- v[i] - v[i-1] for the non-NULL elements (the first against 0); NULL stays NULL. For
-- bigint (counters) and integer (model codes: the difference of two codes is an integer).
CREATE FUNCTION hf.delta_encode(v bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = '' AS $$
    SELECT coalesce(array_agg(coded.d ORDER BY g.o), '{}'::bigint[])
    FROM generate_series(1::bigint, coalesce(cardinality(v), 0)::bigint) AS g (o)
    LEFT JOIN (
        SELECT u.o, u.e - lag(u.e, 1, 0::bigint) OVER (ORDER BY u.o) AS d
        FROM unnest(v) WITH ORDINALITY AS u (e, o)
        WHERE u.e IS NOT NULL
    ) AS coded ON coded.o = g.o
$$;

CREATE FUNCTION hf.delta_encode(v integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = '' AS $$
    SELECT hf.delta_encode(v::bigint[])::integer[]
$$;

-- The inverse of delta_encode: running sums, NULL where the element is NULL.
CREATE FUNCTION hf.delta_decode(d bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = '' AS $$
    SELECT coalesce(array_agg(CASE WHEN s.e IS NOT NULL THEN s.total END ORDER BY s.o),
                    '{}'::bigint[])
    FROM (
        SELECT u.e, u.o, (sum(u.e) OVER (ORDER BY u.o))::bigint AS total
        FROM unnest(d) WITH ORDINALITY AS u (e, o)
    ) AS s
$$;

CREATE FUNCTION hf.delta_decode(d integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = '' AS $$
    SELECT hf.delta_decode(d::bigint[])::integer[]
$$;

-- Counters are stored as integers where the whole array fits (4 bytes an element, which
-- TOAST's pglz compresses several times faster than 8-byte values padded with zeros), and
-- at full width otherwise: exactly one of each pair is set. The trending score is a float;
-- it is stored as tenths when that is exact (the Hub's scores are whole or one decimal).
CREATE FUNCTION hf.narrow(v bigint[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = '' AS $$
    SELECT CASE WHEN NOT EXISTS (
        SELECT 1 FROM unnest(v) AS u (e) WHERE u.e NOT BETWEEN -2147483648 AND 2147483647
    ) THEN v::integer[] END
$$;

CREATE FUNCTION hf.tenths(v double precision[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = '' AS $$
    SELECT CASE WHEN NOT EXISTS (
        SELECT 1 FROM unnest(v) AS u (e)
        WHERE u.e IN ('NaN', 'Infinity', '-Infinity') OR abs(u.e) >= 214748364
           OR round(u.e * 10) / 10 <> u.e OR (u.e = 0 AND u.e::text LIKE '-%')
    ) THEN ARRAY(SELECT round(u.e * 10)::integer
                 FROM unnest(v) WITH ORDINALITY AS u (e, o) ORDER BY u.o) END
$$;

CREATE FUNCTION hf.from_tenths(t integer[]) RETURNS double precision[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = '' AS $$
    SELECT ARRAY(SELECT u.e::double precision / 10
                 FROM unnest(t) WITH ORDINALITY AS u (e, o) ORDER BY u.o)
$$;

CREATE TABLE hf.task_snapshots (
    run_id                  bigint NOT NULL REFERENCES hf.crawl_runs (run_id) ON DELETE CASCADE,
    task_id                 text COLLATE "C" NOT NULL
                            REFERENCES hf.tasks (task_id) ON DELETE CASCADE,
    -- write order: a model ranked in two tasks of one run has the counters written last
    written                 bigint GENERATED ALWAYS AS IDENTITY,
    model_keys              integer[] NOT NULL,  -- delta-coded hf.model_keys, rank order
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
);
-- Written once and never updated: pages stay full, and autovacuum has only deletes (prune)
-- to clean up.
ALTER TABLE hf.task_snapshots SET (fillfactor = 100);

-- A snapshot's columns from a ranking's codes and counters at full width, rank order.
CREATE FUNCTION hf.snapshot_columns(
    codes integer[], counts bigint[], likings bigint[], trending double precision[],
    all_time bigint[]
)
RETURNS TABLE (model_keys integer[], downloads integer[], likes integer[],
               trending_tenths integer[], downloads_all_time integer[], wide_downloads bigint[],
               wide_likes bigint[], wide_trending_score double precision[],
               wide_downloads_all_time bigint[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = '' AS $$
    SELECT hf.delta_encode(codes), n.d, n.l, n.t, n.a,
           CASE WHEN n.d IS NULL THEN c.d END, CASE WHEN n.l IS NULL THEN likings END,
           CASE WHEN n.t IS NULL THEN trending END, CASE WHEN n.a IS NULL THEN all_time END
    FROM (SELECT hf.delta_encode(counts) AS d) AS c
    CROSS JOIN LATERAL (
        SELECT hf.narrow(c.d) AS d, hf.narrow(likings) AS l, hf.tenths(trending) AS t,
               hf.narrow(all_time) AS a
    ) AS n
$$;

-- One task snapshot as rows: rank, model, counters.
CREATE FUNCTION hf.snapshot_rows(s hf.task_snapshots)
RETURNS TABLE (rank_in_task bigint, model_key integer, downloads bigint, likes bigint,
               trending_score double precision, downloads_all_time bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = '' AS $$
    SELECT u.o, u.k, u.d, u.l, u.t, u.a
    FROM unnest(
        hf.delta_decode(s.model_keys),
        hf.delta_decode(coalesce(s.downloads::bigint[], s.wide_downloads)),
        coalesce(s.likes::bigint[], s.wide_likes),
        coalesce(hf.from_tenths(s.trending_tenths), s.wide_trending_score),
        coalesce(s.downloads_all_time::bigint[], s.wide_downloads_all_time)
    ) WITH ORDINALITY AS u (k, d, l, t, a, o)
$$;

-- Convert the history: a snapshot for every task a run covered, with the ranking that held
-- at that run and each ranked model's counters as they were at that run.
INSERT INTO hf.model_keys (model_id, first_run_id)
SELECT ids.model_id, min(h.run_id)
FROM hf.task_rankings_history AS h
CROSS JOIN LATERAL unnest(h.model_ids) WITH ORDINALITY AS ids (model_id, rank_in_task)
GROUP BY ids.model_id
ORDER BY min(h.run_id), min(h.task_id), min(ids.rank_in_task), ids.model_id;

INSERT INTO hf.task_snapshots (run_id, task_id, model_keys, downloads, likes, trending_tenths,
                               downloads_all_time, wide_downloads, wide_likes,
                               wide_trending_score, wide_downloads_all_time)
SELECT tr.run_id, tr.task_id, packed.*
FROM hf.task_runs AS tr
LEFT JOIN LATERAL (
    SELECT h.model_ids FROM hf.task_rankings_history AS h
    WHERE h.task_id = tr.task_id AND h.run_id <= tr.run_id
    ORDER BY h.run_id DESC LIMIT 1
) AS latest ON true
LEFT JOIN LATERAL (
    SELECT array_agg(k.model_key ORDER BY ids.rank_in_task) AS keys,
           array_agg(c.downloads ORDER BY ids.rank_in_task) AS downloads,
           array_agg(c.likes ORDER BY ids.rank_in_task) AS likes,
           array_agg(c.trending_score ORDER BY ids.rank_in_task) AS trending_score,
           array_agg(c.downloads_all_time ORDER BY ids.rank_in_task) AS downloads_all_time
    FROM unnest(latest.model_ids) WITH ORDINALITY AS ids (model_id, rank_in_task)
    JOIN hf.model_keys AS k ON k.model_id = ids.model_id
    LEFT JOIN LATERAL (
        SELECT m.downloads, m.likes, m.trending_score, m.downloads_all_time
        FROM hf.model_stats_history AS m
        WHERE m.model_id = ids.model_id AND m.run_id <= tr.run_id
        ORDER BY m.run_id DESC LIMIT 1
    ) AS c ON true
) AS s ON true
CROSS JOIN LATERAL hf.snapshot_columns(
    coalesce(s.keys, '{}'), coalesce(s.downloads, '{}'), coalesce(s.likes, '{}'),
    coalesce(s.trending_score, '{}'), coalesce(s.downloads_all_time, '{}')
) AS packed
ORDER BY tr.run_id, tr.task_id;

DROP VIEW hf.top_n_changes;
DROP FUNCTION hf.movers_over_days(integer);
DROP VIEW hf.movers_last_two_runs;
DROP FUNCTION hf.movers_between(bigint, bigint);
DROP FUNCTION hf.model_stats_at(bigint);
DROP FUNCTION hf.ranking_at(bigint);
DROP TABLE hf.task_rankings_history;
DROP TABLE hf.model_stats_history;

-- The ranking of every task covered by run R, as rows.
CREATE FUNCTION hf.ranking_at(r bigint)
RETURNS TABLE (task_id text, rank_in_task bigint, model_id text)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT s.task_id, x.rank_in_task, k.model_id
    FROM hf.task_snapshots AS s
    CROSS JOIN LATERAL unnest(hf.delta_decode(s.model_keys))
        WITH ORDINALITY AS x (model_key, rank_in_task)
    JOIN hf.model_keys AS k ON k.model_key = x.model_key
    WHERE s.run_id = r
$$;

-- Every model ranked by run R with its counters as they were at R (written last in R, for a
-- model ranked twice). A model R did not see has no row: "not crawled", not "unchanged".
CREATE FUNCTION hf.model_stats_at(r bigint)
RETURNS TABLE (model_id text, downloads bigint, likes bigint, trending_score double precision,
               downloads_all_time bigint)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT DISTINCT ON (k.model_id)
           k.model_id, x.downloads, x.likes, x.trending_score, x.downloads_all_time
    FROM hf.task_snapshots AS s
    CROSS JOIN LATERAL hf.snapshot_rows(s) AS x
    JOIN hf.model_keys AS k ON k.model_key = x.model_key
    WHERE s.run_id = r
    ORDER BY k.model_id, s.written DESC
$$;

-- Download growth of every model seen by both runs, biggest first.
CREATE FUNCTION hf.movers_between(r0 bigint, r1 bigint)
RETURNS TABLE (model_id text, downloads_before bigint, downloads_after bigint, growth bigint,
               likes_before bigint, likes_after bigint, run_before bigint, run_after bigint)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT a.model_id, b.downloads, a.downloads, a.downloads - b.downloads,
           b.likes, a.likes, r0, r1
    FROM hf.model_stats_at(r1) AS a
    JOIN hf.model_stats_at(r0) AS b USING (model_id)
    ORDER BY a.downloads - b.downloads DESC NULLS LAST, a.model_id
$$;

-- Movers between the last two runs that covered tasks.
CREATE VIEW hf.movers_last_two_runs WITH (security_invoker = on) AS
SELECT m.*
FROM (SELECT max(run_id) AS r1 FROM hf.covering_runs) AS last
CROSS JOIN LATERAL (SELECT max(run_id) AS r0 FROM hf.covering_runs WHERE run_id < last.r1) AS prev
CROSS JOIN LATERAL hf.movers_between(prev.r0, last.r1) AS m;

-- Movers over the last N days: the newest covering run against the newest one at least
-- N days older.
CREATE FUNCTION hf.movers_over_days(days integer)
RETURNS SETOF hf.movers_last_two_runs
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT m.*
    FROM (SELECT max(run_id) AS r1, max(started_at) AS at1 FROM hf.covering_runs) AS last
    CROSS JOIN LATERAL (
        SELECT max(run_id) AS r0 FROM hf.covering_runs
        WHERE started_at <= last.at1 - make_interval(days => days)
    ) AS prev
    CROSS JOIN LATERAL hf.movers_between(prev.r0, last.r1) AS m
$$;

-- Entries into and exits from each task's top N: its latest covered run against the run
-- that covered it before (two snapshot rows per task, found by the primary key).
CREATE VIEW hf.top_n_changes WITH (security_invoker = on) AS
WITH pairs AS (
    SELECT task_id, run_id,
           lag(run_id) OVER (PARTITION BY task_id ORDER BY run_id) AS previous_run_id,
           row_number() OVER (PARTITION BY task_id ORDER BY run_id DESC) AS newest
    FROM hf.task_runs
),
latest AS (SELECT * FROM pairs WHERE newest = 1 AND previous_run_id IS NOT NULL),
now_ AS (
    SELECT l.task_id, l.run_id, l.previous_run_id, x.model_key, x.rank_in_task
    FROM latest AS l
    JOIN hf.task_snapshots AS s ON s.run_id = l.run_id AND s.task_id = l.task_id
    CROSS JOIN LATERAL unnest(hf.delta_decode(s.model_keys))
        WITH ORDINALITY AS x (model_key, rank_in_task)
),
before_ AS (
    SELECT l.task_id, l.run_id, l.previous_run_id, x.model_key, x.rank_in_task
    FROM latest AS l
    JOIN hf.task_snapshots AS s ON s.run_id = l.previous_run_id AND s.task_id = l.task_id
    CROSS JOIN LATERAL unnest(hf.delta_decode(s.model_keys))
        WITH ORDINALITY AS x (model_key, rank_in_task)
),
changes AS (
    SELECT n.task_id, 'entered' AS change, n.model_key, n.rank_in_task, n.run_id,
           n.previous_run_id
    FROM now_ AS n
    LEFT JOIN before_ AS b ON b.task_id = n.task_id AND b.model_key = n.model_key
    WHERE b.model_key IS NULL
    UNION ALL
    SELECT b.task_id, 'exited', b.model_key, b.rank_in_task, b.run_id, b.previous_run_id
    FROM before_ AS b
    LEFT JOIN now_ AS n ON n.task_id = b.task_id AND n.model_key = b.model_key
    WHERE n.model_key IS NULL
)
SELECT c.task_id, c.change, k.model_id, c.rank_in_task, c.run_id, c.previous_run_id
FROM changes AS c
JOIN hf.model_keys AS k ON k.model_key = c.model_key;

-- The former tables, as views of the snapshots with the same rows: a task's ranking where
-- it differs from the task's previous snapshot, and a model's counters where they differ
-- from its previous snapshot (the first one always). They read the whole history; the
-- functions above read only the runs asked for.
CREATE VIEW hf.task_rankings_history WITH (security_invoker = on) AS
SELECT c.task_id, c.run_id,
       coalesce((SELECT array_agg(k.model_id ORDER BY x.rank_in_task)
                 FROM unnest(hf.delta_decode(c.model_keys))
                     WITH ORDINALITY AS x (model_key, rank_in_task)
                 JOIN hf.model_keys AS k ON k.model_key = x.model_key), '{}') AS model_ids
FROM (
    SELECT s.task_id, s.run_id, s.model_keys,
           lag(s.model_keys) OVER (PARTITION BY s.task_id ORDER BY s.run_id) AS previous,
           row_number() OVER (PARTITION BY s.task_id ORDER BY s.run_id) AS nth
    FROM hf.task_snapshots AS s
) AS c
WHERE c.nth = 1 OR c.previous IS DISTINCT FROM c.model_keys;

CREATE VIEW hf.model_stats_history WITH (security_invoker = on) AS
WITH per_run AS (
    SELECT DISTINCT ON (x.model_key, s.run_id)
           x.model_key, s.run_id, x.downloads, x.likes, x.trending_score, x.downloads_all_time
    FROM hf.task_snapshots AS s
    CROSS JOIN LATERAL hf.snapshot_rows(s) AS x
    ORDER BY x.model_key, s.run_id, s.written DESC
),
compared AS (
    SELECT p.*,
           lag((p.downloads, p.likes, p.trending_score, p.downloads_all_time))
               OVER (PARTITION BY p.model_key ORDER BY p.run_id) AS previous,
           row_number() OVER (PARTITION BY p.model_key ORDER BY p.run_id) AS nth
    FROM per_run AS p
)
SELECT k.model_id, c.run_id, c.downloads, c.likes, c.trending_score, c.downloads_all_time
FROM compared AS c
JOIN hf.model_keys AS k ON k.model_key = c.model_key
WHERE c.nth = 1
   OR c.previous IS DISTINCT FROM (c.downloads, c.likes, c.trending_score, c.downloads_all_time);
