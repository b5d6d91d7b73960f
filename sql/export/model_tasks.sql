-- Each task's ranking: now, or as of a run (hf_crawler.export_run).
WITH asked AS (SELECT nullif(current_setting('hf_crawler.export_run', true), '')::bigint AS run)
SELECT t.task_id, t.rank_in_task::integer AS rank_in_task, t.model_id
FROM hf.model_tasks AS t, asked AS a WHERE a.run IS NULL
UNION ALL
SELECT r.task_id, r.rank_in_task::integer, r.model_id
FROM asked AS a CROSS JOIN LATERAL hf.ranking_at(a.run) AS r WHERE a.run IS NOT NULL
ORDER BY 1, 2
