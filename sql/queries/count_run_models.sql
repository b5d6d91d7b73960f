-- Distinct models a run saw: the models its snapshots rank, and any other it wrote (a full
-- walk stamps every model it lists).
SELECT count(*) FROM (
    SELECT k.model_id
    FROM hf.task_snapshots AS s
    CROSS JOIN LATERAL unnest(hf.delta_decode(s.model_keys)) AS x (model_key)
    JOIN hf.model_keys AS k ON k.model_key = x.model_key
    WHERE s.run_id = $1
    UNION
    SELECT model_id
    FROM hf.models
    WHERE last_synced_at >= (SELECT started_at FROM hf.crawl_runs WHERE run_id = $1)
) AS seen
