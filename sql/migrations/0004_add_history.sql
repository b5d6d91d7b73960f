-- History: what each run saw, compactly.
-- * hf.task_runs: every task a run covered completely (a gap = no row: "not crawled").
-- * hf.task_rankings_history: a task's full ranking (model ids in rank order), written only
--   when it differs from the task's previous ranking; the ranking at run R is the latest
--   row at or before R, for a task covered in R.
-- * hf.model_stats_history: a model's counters, written only when they differ from its
--   previous snapshot; its value at run R is the latest row at or before R, for a model
--   seen in R (in a covered task's ranking at R, or by a full walk).
CREATE TABLE hf.task_runs (
    task_id  text COLLATE "C" NOT NULL REFERENCES hf.tasks (task_id) ON DELETE CASCADE,
    run_id   bigint NOT NULL REFERENCES hf.crawl_runs (run_id) ON DELETE CASCADE,
    models   integer NOT NULL,
    PRIMARY KEY (task_id, run_id)
);
CREATE INDEX idx_task_runs_run_id ON hf.task_runs (run_id);

CREATE TABLE hf.task_rankings_history (
    task_id   text COLLATE "C" NOT NULL REFERENCES hf.tasks (task_id) ON DELETE CASCADE,
    run_id    bigint NOT NULL REFERENCES hf.crawl_runs (run_id) ON DELETE CASCADE,
    model_ids text[] NOT NULL,
    PRIMARY KEY (task_id, run_id)
);

CREATE TABLE hf.model_stats_history (
    model_id           text COLLATE "C" NOT NULL,
    run_id             bigint NOT NULL REFERENCES hf.crawl_runs (run_id) ON DELETE CASCADE,
    downloads          bigint,
    likes              bigint,
    trending_score     double precision,
    downloads_all_time bigint,
    PRIMARY KEY (model_id, run_id)
);
CREATE INDEX idx_model_stats_history_run_id ON hf.model_stats_history (run_id);
-- Time-range reads ("over the last N days") find their runs by start time.
CREATE INDEX idx_crawl_runs_started_at ON hf.crawl_runs (started_at);


-- The ranking of every task covered by run R, as rows.
CREATE FUNCTION hf.ranking_at(r bigint)
RETURNS TABLE (task_id text, rank_in_task bigint, model_id text)
LANGUAGE sql STABLE AS $$
    SELECT tr.task_id, ids.rank_in_task, ids.model_id
    FROM hf.task_runs AS tr
    CROSS JOIN LATERAL (
        SELECT h.model_ids FROM hf.task_rankings_history AS h
        WHERE h.task_id = tr.task_id AND h.run_id <= r
        ORDER BY h.run_id DESC LIMIT 1
    ) AS latest
    CROSS JOIN LATERAL unnest(latest.model_ids) WITH ORDINALITY AS ids (model_id, rank_in_task)
    WHERE tr.run_id = r
$$;

-- Every model ranked by run R with its counters as they were at R. A model R did not see
-- (its task not covered, or not in the top N) has no row: "not crawled", not "unchanged".
CREATE FUNCTION hf.model_stats_at(r bigint)
RETURNS TABLE (model_id text, downloads bigint, likes bigint, trending_score double precision,
               downloads_all_time bigint)
LANGUAGE sql STABLE AS $$
    SELECT seen.model_id, s.downloads, s.likes, s.trending_score, s.downloads_all_time
    FROM (SELECT DISTINCT model_id FROM hf.ranking_at(r)) AS seen
    CROSS JOIN LATERAL (
        SELECT h.downloads, h.likes, h.trending_score, h.downloads_all_time
        FROM hf.model_stats_history AS h
        WHERE h.model_id = seen.model_id AND h.run_id <= r
        ORDER BY h.run_id DESC LIMIT 1
    ) AS s
$$;

-- Download growth of every model seen by both runs, biggest first.
CREATE FUNCTION hf.movers_between(r0 bigint, r1 bigint)
RETURNS TABLE (model_id text, downloads_before bigint, downloads_after bigint, growth bigint,
               likes_before bigint, likes_after bigint, run_before bigint, run_after bigint)
LANGUAGE sql STABLE AS $$
    SELECT a.model_id, b.downloads, a.downloads, a.downloads - b.downloads,
           b.likes, a.likes, r0, r1
    FROM hf.model_stats_at(r1) AS a
    JOIN hf.model_stats_at(r0) AS b USING (model_id)
    ORDER BY a.downloads - b.downloads DESC NULLS LAST, a.model_id
$$;

-- Runs that covered at least one task, newest first.
CREATE VIEW hf.covering_runs AS
SELECT r.run_id, r.started_at, r.status, count(tr.task_id) AS tasks_covered
FROM hf.crawl_runs AS r
JOIN hf.task_runs AS tr ON tr.run_id = r.run_id
GROUP BY r.run_id, r.started_at, r.status
ORDER BY r.run_id DESC;

-- Movers between the last two runs that covered tasks.
CREATE VIEW hf.movers_last_two_runs AS
SELECT m.*
FROM (SELECT max(run_id) AS r1 FROM hf.covering_runs) AS last
CROSS JOIN LATERAL (SELECT max(run_id) AS r0 FROM hf.covering_runs WHERE run_id < last.r1) AS prev
CROSS JOIN LATERAL hf.movers_between(prev.r0, last.r1) AS m;

-- Movers over the last N days: the newest covering run against the newest one at least
-- N days older.
CREATE FUNCTION hf.movers_over_days(days integer)
RETURNS SETOF hf.movers_last_two_runs
LANGUAGE sql STABLE AS $$
    SELECT m.*
    FROM (SELECT max(run_id) AS r1, max(started_at) AS at1 FROM hf.covering_runs) AS last
    CROSS JOIN LATERAL (
        SELECT max(run_id) AS r0 FROM hf.covering_runs
        WHERE started_at <= last.at1 - make_interval(days => days)
    ) AS prev
    CROSS JOIN LATERAL hf.movers_between(prev.r0, last.r1) AS m
$$;

-- Each task's current leaderboard with the model's fields.
CREATE VIEW hf.task_leaderboard AS
SELECT mt.task_id, t.task_label, mt.rank_in_task, m.model_id, m.downloads, m.likes,
       m.trending_score, m.license, m.library_name, m.pipeline_tag, m.author,
       m.last_modified, m.last_synced_at
FROM hf.model_tasks AS mt
JOIN hf.tasks AS t ON t.task_id = mt.task_id
JOIN hf.models AS m ON m.model_id = mt.model_id
ORDER BY mt.task_id, mt.rank_in_task;

-- Entries into and exits from each task's top N: its latest covered run against the run
-- that covered it before.
CREATE VIEW hf.top_n_changes AS
WITH pairs AS (
    SELECT task_id, run_id,
           lag(run_id) OVER (PARTITION BY task_id ORDER BY run_id) AS previous_run_id,
           row_number() OVER (PARTITION BY task_id ORDER BY run_id DESC) AS newest
    FROM hf.task_runs
),
latest AS (SELECT * FROM pairs WHERE newest = 1 AND previous_run_id IS NOT NULL)
SELECT l.task_id, 'entered' AS change, now_.model_id, now_.rank_in_task,
       l.run_id, l.previous_run_id
FROM latest AS l
JOIN hf.ranking_at(l.run_id) AS now_ ON now_.task_id = l.task_id
WHERE NOT EXISTS (SELECT 1 FROM hf.ranking_at(l.previous_run_id) AS b
                  WHERE b.task_id = l.task_id AND b.model_id = now_.model_id)
UNION ALL
SELECT l.task_id, 'exited', before_.model_id, before_.rank_in_task, l.run_id, l.previous_run_id
FROM latest AS l
JOIN hf.ranking_at(l.previous_run_id) AS before_ ON before_.task_id = l.task_id
WHERE NOT EXISTS (SELECT 1 FROM hf.ranking_at(l.run_id) AS a
                  WHERE a.task_id = l.task_id AND a.model_id = before_.model_id);

-- Models a complete full-Hub walk no longer listed (empty until one succeeded).
CREATE VIEW hf.disappeared_models AS
SELECT m.model_id, m.last_synced_at, m.downloads, m.pipeline_tag
FROM hf.models AS m
WHERE m.last_synced_at < (
    SELECT since_at FROM hf.crawl_runs
    WHERE mode = 'all' AND status = 'succeeded'
    ORDER BY run_id DESC LIMIT 1
);
