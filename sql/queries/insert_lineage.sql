-- The staged models' lineage edges the table does not hold yet.
INSERT INTO hf.model_lineage (model_id, base_model_id, relation)
SELECT e.model_id, e.base_model_id, e.relation
FROM stage_lineage AS e
ON CONFLICT DO NOTHING
