-- The staged mappings the table does not hold yet: rows new to a swapped task's ($2)
-- top-N, matched by $1. Only the swapped tasks' mappings are read (by the task index).
INSERT INTO hf.{ranks} ({id}, {list}, {rank}, matched_by)
SELECT s.{id}, s.{list}, s.{rank}, $1
FROM {stage_ranks} AS s
WHERE NOT EXISTS (
    SELECT 1 FROM hf.{ranks} AS mt
    WHERE mt.{list} = ANY ($2::text[])
      AND mt.{list} = s.{list} AND mt.{id} = s.{id}
)
