-- Each task's datasets: how many are ranked and the best of them ($1 tasks, those with the
-- most datasets first).
SELECT dt.task_id AS task, count(*) AS datasets,
       min(d.dataset_id) FILTER (WHERE dt.rank_in_task = 1) AS top_dataset,
       max(d.downloads) FILTER (WHERE dt.rank_in_task = 1) AS top_downloads
FROM hf.dataset_tasks AS dt
JOIN hf.datasets AS d ON d.dataset_id = dt.dataset_id
GROUP BY dt.task_id
ORDER BY datasets DESC, dt.task_id
LIMIT $1
