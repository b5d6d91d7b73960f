-- Full-Hub mode: every task's ($5) top $2 datasets in one scan of the stored datasets, in
-- the order the Hub lists them (the sort key $3 descending, then _id); a dataset ranks in
-- each task its task_categories name, whatever the models' match ($4). Only datasets seen
-- at or after $1 count, so those gone from the Hub drop out.
INSERT INTO stage_dataset_tasks (task_id, dataset_id, rank_in_task)
SELECT task_id, dataset_id, rank_in_task
FROM (
    SELECT c.task_id, d.dataset_id,
           row_number() OVER (
               PARTITION BY c.task_id
               ORDER BY CASE $3
                            WHEN 'downloads' THEN d.downloads::double precision
                            WHEN 'likes' THEN d.likes::double precision
                            WHEN 'trendingScore' THEN d.trending_score
                            WHEN 'createdAt' THEN extract(epoch FROM d.created_at_hub)::double precision
                            WHEN 'lastModified' THEN extract(epoch FROM d.last_modified)::double precision
                        END DESC NULLS LAST,
                        d.hub_id, d.dataset_id
           ) AS rank_in_task
    FROM hf.datasets AS d
    CROSS JOIN LATERAL unnest(d.task_categories) AS c (task_id)
    WHERE d.last_synced_at >= $1 AND c.task_id = ANY ($5::text[]) AND $4::text IS NOT NULL
) AS ranked
WHERE rank_in_task <= $2
