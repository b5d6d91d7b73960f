-- History: each task's ($2) datasets at run $1, as codes and the counters stored now in
-- rank order (each counter narrow or wide, as hf.snapshot_columns lays them out); a task
-- with no dataset is an empty row. A task stored twice in one run keeps the later.
WITH ranked AS (
    SELECT s.task_id,
           array_agg(k.dataset_key ORDER BY s.rank_in_task) AS codes,
           array_agg(d.downloads ORDER BY s.rank_in_task) AS counts,
           array_agg(d.likes ORDER BY s.rank_in_task) AS likings,
           array_agg(d.trending_score ORDER BY s.rank_in_task) AS trending,
           array_agg(d.downloads_all_time ORDER BY s.rank_in_task) AS all_time
    FROM stage_dataset_ranks AS s
    JOIN hf.dataset_keys AS k ON k.dataset_id = s.dataset_id
    JOIN hf.datasets AS d ON d.dataset_id = s.dataset_id
    GROUP BY s.task_id
)
INSERT INTO hf.dataset_snapshots AS h (run_id, task_id, dataset_keys, downloads, likes,
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
    dataset_keys = excluded.dataset_keys,
    downloads = excluded.downloads,
    likes = excluded.likes,
    trending_tenths = excluded.trending_tenths,
    downloads_all_time = excluded.downloads_all_time,
    wide_downloads = excluded.wide_downloads,
    wide_likes = excluded.wide_likes,
    wide_trending_score = excluded.wide_trending_score,
    wide_downloads_all_time = excluded.wide_downloads_all_time
