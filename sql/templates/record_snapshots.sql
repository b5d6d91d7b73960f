-- History, for rankings derived in SQL (full-Hub mode): each covered task ($2) at run $1,
-- one row of its ranking as snapshot codes and its rows' counters as they are stored now
-- (an empty ranking is an empty row); a walk derives each task once.
WITH ranked AS (
    SELECT r.{list},
           array_agg(m.{key} ORDER BY r.{rank}) AS codes,
           array_agg({c_downloads} ORDER BY r.{rank}) AS counts,
           array_agg({c_likes} ORDER BY r.{rank}) AS likings,
           array_agg({c_trending_score} ORDER BY r.{rank}) AS trending,
           array_agg({c_downloads_all_time} ORDER BY r.{rank}) AS all_time
    FROM {stage_ranks} AS r
    JOIN hf.{table} AS m ON m.{id} = r.{id}
    GROUP BY r.{list}
)
INSERT INTO hf.{snapshots} AS h (run_id, {list}, {snapshot_keys}, downloads, likes,
                                 trending_tenths, downloads_all_time, wide_downloads,
                                 wide_likes, wide_trending_score, wide_downloads_all_time)
SELECT $1, t.{list}, packed.*
FROM unnest($2::text[]) AS t ({list})
LEFT JOIN ranked AS r ON r.{list} = t.{list}
CROSS JOIN LATERAL hf.snapshot_columns(
    coalesce(r.codes, '{}'), coalesce(r.counts, '{}'), coalesce(r.likings, '{}'),
    coalesce(r.trending, '{}'), coalesce(r.all_time, '{}')
) AS packed
ON CONFLICT (run_id, {list}) DO UPDATE SET
    written = DEFAULT,
    {snapshot_keys} = excluded.{snapshot_keys},
    downloads = excluded.downloads,
    likes = excluded.likes,
    trending_tenths = excluded.trending_tenths,
    downloads_all_time = excluded.downloads_all_time,
    wide_downloads = excluded.wide_downloads,
    wide_likes = excluded.wide_likes,
    wide_trending_score = excluded.wide_trending_score,
    wide_downloads_all_time = excluded.wide_downloads_all_time
