-- History: task $2 at run $1, its ranking as model codes and its models' counters in rank
-- order (the codes and downloads delta-coded). A task written twice in one run keeps the
-- later.
INSERT INTO hf.task_snapshots AS h (run_id, task_id, model_keys, downloads, likes,
                                    trending_score, downloads_all_time)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (run_id, task_id) DO UPDATE SET
    written = DEFAULT,
    model_keys = excluded.model_keys,
    downloads = excluded.downloads,
    likes = excluded.likes,
    trending_score = excluded.trending_score,
    downloads_all_time = excluded.downloads_all_time
