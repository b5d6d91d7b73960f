-- Every stored dataset; with a run (hf_crawler.export_run), its counters as of that run.
WITH asked AS (SELECT nullif(current_setting('hf_crawler.export_run', true), '')::bigint AS run),
past AS (SELECT s.* FROM asked AS a CROSS JOIN LATERAL hf.dataset_stats_at(a.run) AS s
         WHERE a.run IS NOT NULL)
SELECT d.dataset_id, d.author, d.license, d.gated, d.private, d.sha, d.tags,
       to_jsonb(d.task_categories) AS task_categories, to_jsonb(d.languages) AS languages,
       d.size_category, d.created_at_hub, d.last_modified,
       CASE WHEN a.run IS NULL THEN d.downloads ELSE p.downloads END AS downloads,
       CASE WHEN a.run IS NULL THEN d.likes ELSE p.likes END AS likes,
       CASE WHEN a.run IS NULL THEN d.trending_score ELSE p.trending_score END AS trending_score,
       CASE WHEN a.run IS NULL THEN d.downloads_all_time ELSE p.downloads_all_time END
           AS downloads_all_time,
       d.first_run_id, d.updated_at
FROM hf.datasets AS d
CROSS JOIN asked AS a
LEFT JOIN past AS p ON p.dataset_id = d.dataset_id
ORDER BY d.dataset_id
