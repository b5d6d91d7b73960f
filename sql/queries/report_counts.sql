SELECT (SELECT count(*) FROM hf.tasks) AS tasks,
       (SELECT count(*) FROM hf.models) AS models,
       (SELECT count(*) FROM hf.model_tasks) AS mappings,
       (SELECT count(*) FROM hf.datasets) AS datasets,
       (SELECT count(*) FROM hf.dataset_tasks) AS dataset_mappings
