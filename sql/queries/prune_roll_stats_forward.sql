-- Before older runs go, each model's latest older snapshot moves to the first kept run
-- (unless that run has its own), so "value at run R" stays right for every kept R.
INSERT INTO hf.model_stats_history (model_id, run_id, downloads, likes, trending_score,
                                    downloads_all_time)
SELECT DISTINCT ON (model_id) model_id, $1, downloads, likes, trending_score, downloads_all_time
FROM hf.model_stats_history
WHERE run_id < $1
ORDER BY model_id, run_id DESC
ON CONFLICT (model_id, run_id) DO NOTHING
