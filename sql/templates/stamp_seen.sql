-- A full walk saw the staged rows: those the merge just left alone (unchanged) are stamped
-- too, so the walk can tell what the Hub still lists. Returns "UPDATE n".
UPDATE hf.{table} AS m
SET last_synced_at = now()
FROM {stage} AS s
WHERE m.{id} = s.{id} AND m.last_synced_at <> now()
