-- For each task whose crawl completed ($1): drop the mappings of rows that left its new
-- top-N (or were matched otherwise than $2). Returns "DELETE n".
DELETE FROM hf.{ranks} AS mt
WHERE mt.{list} = ANY ($1::text[])
  AND (mt.matched_by <> $2 OR NOT EXISTS (
      SELECT 1 FROM {stage_ranks} AS s
      WHERE s.{list} = mt.{list} AND s.{id} = mt.{id}
  ))
