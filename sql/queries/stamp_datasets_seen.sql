-- A full walk saw the staged datasets: the rows the merge just left alone (unchanged) are
-- stamped too, so the walk can tell what the Hub still lists. Returns "UPDATE n".
UPDATE hf.datasets AS d
SET last_synced_at = now()
FROM stage_datasets AS s
WHERE d.dataset_id = s.dataset_id AND d.last_synced_at <> now()
