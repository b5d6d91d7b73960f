-- Lineage edges of the staged models that their tags no longer state (stage_lineage holds
-- every edge the staged models' tags do state).
DELETE FROM hf.model_lineage AS l
USING stage_models AS s
WHERE l.model_id = s.model_id
  AND NOT EXISTS (
      SELECT 1 FROM stage_lineage AS e
      WHERE e.model_id = l.model_id
        AND e.base_model_id = l.base_model_id
        AND e.relation = l.relation
  )
