-- For each task whose crawl completed ($1): drop the mappings of models that left its new
-- top-N (or were matched otherwise than $2). Such a model was last seen in that ranking
-- when the task was covered before this swap; its row keeps that, as the tasks it is still
-- ranked in no longer tell it. Returns the rows this replaced (deleted or rewritten).
WITH gone AS (
    DELETE FROM hf.model_tasks AS mt
    WHERE mt.task_id = ANY ($1::text[])
      AND (mt.matched_by <> $2 OR NOT EXISTS (
          SELECT 1 FROM stage_ranks AS s
          WHERE s.task_id = mt.task_id AND s.model_id = mt.model_id
      ))
    RETURNING mt.model_id, mt.task_id
),
seen AS (
    SELECT g.model_id, max(t.last_synced_at) AS at
    FROM gone AS g
    JOIN hf.tasks AS t ON t.task_id = g.task_id
    GROUP BY g.model_id
),
stamped AS (
    UPDATE hf.models AS m SET last_synced_at = seen.at
    FROM seen
    WHERE m.model_id = seen.model_id AND m.last_synced_at < seen.at
    RETURNING 1
)
SELECT (SELECT count(*) FROM gone) + (SELECT count(*) FROM stamped)
