-- A mapping of a swapped task ($1) still in its new top-N takes its new rank in place; one
-- whose rank did not change is not touched. The rank is not indexed, so the update is
-- heap-only (HOT). Only the swapped tasks' mappings are read (by the task index).
UPDATE hf.{ranks} AS mt
SET {rank} = s.{rank}
FROM {stage_ranks} AS s
WHERE mt.{list} = ANY ($1::text[])
  AND s.{list} = mt.{list} AND s.{id} = mt.{id}
  AND mt.{rank} <> s.{rank}
