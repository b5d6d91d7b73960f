-- Task $1's ranking is the staged datasets in their order.
INSERT INTO stage_dataset_ranks (task_id, dataset_id, rank_in_task)
SELECT $1, s.dataset_id, s.rank_in_task FROM stage_datasets AS s
