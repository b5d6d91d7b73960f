-- History: task $2's datasets at run $1, as codes and counters in rank order (each counter
-- narrow or wide, as hf.snapshot_columns lays them out). A task stored twice in one run
-- keeps the later.
INSERT INTO hf.dataset_snapshots AS h (run_id, task_id, dataset_keys, downloads, likes,
                                       trending_tenths, downloads_all_time, wide_downloads,
                                       wide_likes, wide_trending_score, wide_downloads_all_time)
SELECT $1, $2, packed.*
FROM (
    SELECT array_agg(k.dataset_key ORDER BY s.rank_in_task) AS codes,
           array_agg(s.downloads ORDER BY s.rank_in_task) AS counts,
           array_agg(s.likes ORDER BY s.rank_in_task) AS likings,
           array_agg(s.trending_score ORDER BY s.rank_in_task) AS trending,
           array_agg(s.downloads_all_time ORDER BY s.rank_in_task) AS all_time
    FROM stage_datasets AS s
    JOIN hf.dataset_keys AS k ON k.dataset_id = s.dataset_id
) AS a
CROSS JOIN LATERAL hf.snapshot_columns(
    coalesce(a.codes, '{}'), coalesce(a.counts, '{}'), coalesce(a.likings, '{}'),
    coalesce(a.trending, '{}'), coalesce(a.all_time, '{}')
) AS packed
ON CONFLICT (run_id, task_id) DO UPDATE SET
    dataset_keys = excluded.dataset_keys,
    downloads = excluded.downloads,
    likes = excluded.likes,
    trending_tenths = excluded.trending_tenths,
    downloads_all_time = excluded.downloads_all_time,
    wide_downloads = excluded.wide_downloads,
    wide_likes = excluded.wide_likes,
    wide_trending_score = excluded.wide_trending_score,
    wide_downloads_all_time = excluded.wide_downloads_all_time
