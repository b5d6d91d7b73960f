-- Tasks whose ranking of hf.{table} was stored by a run started at or after $1 (the run
-- being resumed and the runs that resumed it).
SELECT DISTINCT c.{list} AS task_id
FROM hf.{coverage} AS c
JOIN hf.crawl_runs AS r ON r.run_id = c.run_id
WHERE r.started_at >= $1
