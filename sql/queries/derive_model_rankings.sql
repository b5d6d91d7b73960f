-- Full-Hub mode: every task's top $2 in one scan of the models, ordered as the Hub orders
-- a listing (the sort key $3 descending, then _id). With $4 = 'tag' a model ranks in each
-- task it is tagged with; with 'pipeline', only in its pipeline_tag's task. Only models
-- seen at or after $1 count, so models gone from the Hub drop out. Only the tasks in $5
-- are ranked: the ones this walk swaps (a task another run added keeps its ranking).
INSERT INTO stage_model_tasks (task_id, model_id, rank_in_task)
SELECT task_id, model_id, rank_in_task
FROM (
    SELECT t.task_id, m.model_id,
           row_number() OVER (
               PARTITION BY t.task_id
               ORDER BY CASE $3
                            WHEN 'downloads' THEN m.downloads::double precision
                            WHEN 'likes' THEN m.likes::double precision
                            WHEN 'trendingScore' THEN m.trending_score
                            WHEN 'createdAt' THEN extract(epoch FROM m.created_at_hub)::double precision
                            WHEN 'lastModified' THEN extract(epoch FROM m.last_modified)::double precision
                        END DESC NULLS LAST,
                        m.hub_id, m.model_id
           ) AS rank_in_task
    FROM hf.models AS m
    CROSS JOIN LATERAL (
        SELECT tag.name FROM jsonb_array_elements_text(m.tags) AS tag (name) WHERE $4 = 'tag'
        UNION ALL
        SELECT m.pipeline_tag WHERE $4 = 'pipeline'
    ) AS member (name)
    JOIN hf.tasks AS t ON t.task_id = member.name
    WHERE m.last_synced_at >= $1 AND t.task_id = ANY ($5::text[])
) AS ranked
WHERE rank_in_task <= $2
