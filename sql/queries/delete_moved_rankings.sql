-- For each task whose crawl completed ($1), drop the mappings not in its new top-N.
DELETE FROM hf.model_tasks AS mt
WHERE mt.task_id = ANY($1::text[])
  AND NOT EXISTS (
      SELECT 1 FROM stage_ranks AS s WHERE s.task_id = mt.task_id AND s.model_id = mt.model_id
  )
