-- Distinct models run $1 saw: in a top-N run, the models its snapshots rank; in a full walk,
-- every model it stamped as seen since it began.
SELECT CASE WHEN r.mode = 'top' THEN (
           SELECT count(DISTINCT x.model_key)
           FROM hf.task_snapshots AS s
           CROSS JOIN LATERAL unnest(hf.delta_decode(s.model_keys)) AS x (model_key)
           WHERE s.run_id = r.run_id
       ) ELSE (
           SELECT count(*) FROM hf.models WHERE last_synced_at >= r.started_at
       ) END
FROM hf.crawl_runs AS r
WHERE r.run_id = $1
