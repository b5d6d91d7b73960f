-- Every stored Space with its rank, likes and trending score now, or as of a run
-- (hf_crawler.export_run: NULL for a Space that run did not rank).
WITH asked AS (SELECT nullif(current_setting('hf_crawler.export_run', true), '')::bigint AS run),
past AS (SELECT r.* FROM asked AS a CROSS JOIN LATERAL hf.space_ranking_at(a.run) AS r
         WHERE a.run IS NOT NULL)
SELECT s.space_id, s.author, s.license, s.sdk, s.runtime_stage, s.runtime_hardware,
       s.private, s.sha, s.tags, to_jsonb(s.models) AS models,
       to_jsonb(s.datasets) AS datasets, s.created_at_hub, s.last_modified,
       CASE WHEN a.run IS NULL THEN r.rank ELSE p.rank END AS rank,
       CASE WHEN a.run IS NULL THEN s.likes ELSE p.likes END AS likes,
       CASE WHEN a.run IS NULL THEN s.trending_score ELSE p.trending_score END
           AS trending_score,
       s.first_run_id, s.updated_at, s.last_synced_at
FROM hf.spaces AS s
CROSS JOIN asked AS a
LEFT JOIN hf.space_ranks AS r ON r.space_id = s.space_id AND r.ranking = 'likes'
LEFT JOIN past AS p ON p.space_id = s.space_id
ORDER BY s.space_id
