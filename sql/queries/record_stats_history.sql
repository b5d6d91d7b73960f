-- History: counters of every model ranked in run $1, only where they differ from the
-- model's previous snapshot.
INSERT INTO hf.model_stats_history (model_id, run_id, downloads, likes, trending_score,
                                    downloads_all_time)
SELECT m.model_id, $1, m.downloads, m.likes, m.trending_score, m.downloads_all_time
FROM (SELECT DISTINCT model_id FROM stage_ranks) AS s
JOIN hf.models AS m ON m.model_id = s.model_id
LEFT JOIN LATERAL (
    SELECT h.downloads, h.likes, h.trending_score, h.downloads_all_time
    FROM hf.model_stats_history AS h
    WHERE h.model_id = m.model_id
    ORDER BY h.run_id DESC LIMIT 1
) AS prev ON true
WHERE prev IS NULL
   OR (prev.downloads, prev.likes, prev.trending_score, prev.downloads_all_time)
      IS DISTINCT FROM (m.downloads, m.likes, m.trending_score, m.downloads_all_time)
ON CONFLICT (model_id, run_id) DO UPDATE SET
    downloads = excluded.downloads, likes = excluded.likes,
    trending_score = excluded.trending_score, downloads_all_time = excluded.downloads_all_time
