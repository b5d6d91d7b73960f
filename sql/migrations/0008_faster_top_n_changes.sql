-- Entries into and exits from each task's top N, computed from each task's two ranking
-- arrays with hash joins. The first form called ranking_at() (every task's ranking) once
-- per row and took minutes at 47 tasks x 1000; this one reads two arrays per task.
CREATE OR REPLACE VIEW hf.top_n_changes WITH (security_invoker = on) AS
WITH pairs AS (
    SELECT task_id, run_id,
           lag(run_id) OVER (PARTITION BY task_id ORDER BY run_id) AS previous_run_id,
           row_number() OVER (PARTITION BY task_id ORDER BY run_id DESC) AS newest
    FROM hf.task_runs
),
latest AS (SELECT * FROM pairs WHERE newest = 1 AND previous_run_id IS NOT NULL),
arrays AS (
    SELECT l.task_id, l.run_id, l.previous_run_id,
           (SELECT h.model_ids FROM hf.task_rankings_history AS h
            WHERE h.task_id = l.task_id AND h.run_id <= l.run_id
            ORDER BY h.run_id DESC LIMIT 1) AS now_ids,
           (SELECT h.model_ids FROM hf.task_rankings_history AS h
            WHERE h.task_id = l.task_id AND h.run_id <= l.previous_run_id
            ORDER BY h.run_id DESC LIMIT 1) AS before_ids
    FROM latest AS l
),
now_ AS (
    SELECT a.task_id, a.run_id, a.previous_run_id, n.model_id, n.rank_in_task
    FROM arrays AS a
    CROSS JOIN LATERAL unnest(a.now_ids) WITH ORDINALITY AS n (model_id, rank_in_task)
),
before_ AS (
    SELECT a.task_id, a.run_id, a.previous_run_id, b.model_id, b.rank_in_task
    FROM arrays AS a
    CROSS JOIN LATERAL unnest(a.before_ids) WITH ORDINALITY AS b (model_id, rank_in_task)
)
SELECT n.task_id, 'entered' AS change, n.model_id, n.rank_in_task, n.run_id, n.previous_run_id
FROM now_ AS n
LEFT JOIN before_ AS b ON b.task_id = n.task_id AND b.model_id = n.model_id
WHERE b.model_id IS NULL
UNION ALL
SELECT b.task_id, 'exited', b.model_id, b.rank_in_task, b.run_id, b.previous_run_id
FROM before_ AS b
LEFT JOIN now_ AS n ON n.task_id = b.task_id AND n.model_id = b.model_id
WHERE n.model_id IS NULL;
