-- For each task whose crawl completed ($1): drop every mapping that is not in its new top-N
-- at the same rank and match ($2). Unchanged mappings are left untouched; a moved one is
-- inserted again by the statement that follows (its created_at: when it took that rank).
DELETE FROM hf.model_tasks AS mt
WHERE mt.task_id = ANY ($1::text[])
  AND NOT EXISTS (
      SELECT 1 FROM stage_ranks AS s
      WHERE s.task_id = mt.task_id AND s.model_id = mt.model_id
        AND s.rank_in_task = mt.rank_in_task AND mt.matched_by = $2
  )
