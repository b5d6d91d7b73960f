-- Before a swap of tasks $1: a model leaving a task's top-N (or matched otherwise than $2)
-- was last seen in that ranking when the task was covered before this swap. Its row keeps
-- that time, as the tasks it is still ranked in no longer tell it. Returns "UPDATE n".
WITH leaving AS (
    SELECT mt.model_id, max(t.last_synced_at) AS at
    FROM hf.model_tasks AS mt
    JOIN hf.tasks AS t ON t.task_id = mt.task_id
    WHERE mt.task_id = ANY ($1::text[])
      AND (mt.matched_by <> $2 OR NOT EXISTS (
          SELECT 1 FROM stage_model_tasks AS s
          WHERE s.task_id = mt.task_id AND s.model_id = mt.model_id
      ))
    GROUP BY mt.model_id
)
UPDATE hf.models AS m SET last_synced_at = leaving.at
FROM leaving
WHERE m.model_id = leaving.model_id AND m.last_synced_at < leaving.at
