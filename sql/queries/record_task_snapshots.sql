-- History: each covered task ($2) at run $1, one row: its ranking as model codes and its
-- models' counters, in rank order (an empty ranking is an empty row). A model staged in this
-- transaction has its counters in stage_models (the merge just stored them as they are);
-- only the others are read from hf.models. A task written twice in one run keeps the later.
WITH counters AS (
    SELECT s.model_id, s.downloads, s.likes, s.trending_score, s.downloads_all_time
    FROM stage_models AS s
    WHERE s.model_id IN (SELECT model_id FROM stage_ranks)
    UNION ALL
    SELECT m.model_id, m.downloads, m.likes, m.trending_score, m.downloads_all_time
    FROM hf.models AS m
    WHERE m.model_id IN (
        SELECT r.model_id FROM stage_ranks AS r
        WHERE NOT EXISTS (SELECT 1 FROM stage_models AS s WHERE s.model_id = r.model_id)
    )
),
ranked AS (
    SELECT r.task_id,
           array_agg(k.model_key ORDER BY r.rank_in_task) AS model_keys,
           array_agg(c.downloads ORDER BY r.rank_in_task) AS downloads,
           array_agg(c.likes ORDER BY r.rank_in_task) AS likes,
           array_agg(c.trending_score ORDER BY r.rank_in_task) AS trending_score,
           array_agg(c.downloads_all_time ORDER BY r.rank_in_task) AS downloads_all_time
    FROM stage_ranks AS r
    JOIN hf.model_keys AS k ON k.model_id = r.model_id
    LEFT JOIN counters AS c ON c.model_id = r.model_id
    GROUP BY r.task_id
)
INSERT INTO hf.task_snapshots AS h (run_id, task_id, model_keys, downloads, likes,
                                    trending_score, downloads_all_time)
SELECT $1, t.task_id,
       hf.delta_encode(coalesce(r.model_keys, '{}')),
       hf.delta_encode(coalesce(r.downloads, '{}')),
       coalesce(r.likes, '{}'),
       coalesce(r.trending_score, '{}'),
       coalesce(r.downloads_all_time, '{}')
FROM unnest($2::text[]) AS t (task_id)
LEFT JOIN ranked AS r ON r.task_id = t.task_id
ON CONFLICT (run_id, task_id) DO UPDATE SET
    written = DEFAULT,
    model_keys = excluded.model_keys,
    downloads = excluded.downloads,
    likes = excluded.likes,
    trending_score = excluded.trending_score,
    downloads_all_time = excluded.downloads_all_time
