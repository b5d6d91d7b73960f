-- The datasets each Space uses, as the Hub lists them.
SELECT space_id, dataset_id FROM hf.space_datasets ORDER BY space_id, dataset_id
