-- Every stored model; with a run (hf_crawler.export_run), its counters as of that run
-- (NULL where that run did not rank it).
WITH asked AS (SELECT nullif(current_setting('hf_crawler.export_run', true), '')::bigint AS run),
past AS (SELECT s.* FROM asked AS a CROSS JOIN LATERAL hf.model_stats_at(a.run) AS s
         WHERE a.run IS NOT NULL)
SELECT m.model_id, m.author, m.pipeline_tag, m.library_name, m.license, m.license_class,
       m.gated, m.private, m.sha, m.tags, m.params_total, m.params_source, m.params_by_dtype,
       m.gguf_architecture, m.gguf_context_length, m.created_at_hub, m.last_modified,
       CASE WHEN a.run IS NULL THEN m.downloads ELSE p.downloads END AS downloads,
       CASE WHEN a.run IS NULL THEN m.likes ELSE p.likes END AS likes,
       CASE WHEN a.run IS NULL THEN m.trending_score ELSE p.trending_score END AS trending_score,
       CASE WHEN a.run IS NULL THEN m.downloads_all_time ELSE p.downloads_all_time END
           AS downloads_all_time,
       m.first_run_id, m.updated_at
FROM hf.models AS m
CROSS JOIN asked AS a
LEFT JOIN past AS p ON p.model_id = m.model_id
ORDER BY m.model_id
