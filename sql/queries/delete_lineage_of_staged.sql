-- The staged models state no lineage: any edge stored for them leaves.
DELETE FROM hf.model_lineage AS l
USING stage_models AS s
WHERE l.model_id = s.model_id
