-- A full walk saw the staged models: the rows the merge just left alone (unchanged) are
-- stamped too, so the walk can tell what the Hub still lists. Returns "UPDATE n".
UPDATE hf.models AS m
SET last_synced_at = now()
FROM stage_models AS s
WHERE m.model_id = s.model_id AND m.last_synced_at <> now()
