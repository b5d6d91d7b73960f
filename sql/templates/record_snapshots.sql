-- History, for rankings derived in SQL (full-Hub mode): each covered task ($2) at run $1,
-- one row of its ranking as snapshot codes and its rows' counters as they are stored now
-- (an empty ranking is an empty row); a walk derives each task once.
WITH ranked AS (
    SELECT r.task_id,
           array_agg(m.{key} ORDER BY r.rank_in_task) AS codes,
           array_agg(m.downloads ORDER BY r.rank_in_task) AS counts,
           array_agg(m.likes ORDER BY r.rank_in_task) AS likings,
           array_agg(m.trending_score ORDER BY r.rank_in_task) AS trending,
           array_agg(m.downloads_all_time ORDER BY r.rank_in_task) AS all_time
    FROM {stage_ranks} AS r
    JOIN hf.{table} AS m ON m.{id} = r.{id}
    GROUP BY r.task_id
)
INSERT INTO hf.{snapshots} AS h (run_id, task_id, {snapshot_keys}, downloads, likes,
                                 trending_tenths, downloads_all_time, wide_downloads,
                                 wide_likes, wide_trending_score, wide_downloads_all_time)
SELECT $1, t.task_id, packed.*
FROM unnest($2::text[]) AS t (task_id)
LEFT JOIN ranked AS r ON r.task_id = t.task_id
CROSS JOIN LATERAL hf.snapshot_columns(
    coalesce(r.codes, '{}'), coalesce(r.counts, '{}'), coalesce(r.likings, '{}'),
    coalesce(r.trending, '{}'), coalesce(r.all_time, '{}')
) AS packed
ON CONFLICT (run_id, task_id) DO UPDATE SET
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
