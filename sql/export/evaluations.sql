-- Every evaluation result, from cards' model-index and the Hub's listing.
SELECT model_id, source, dataset_id, dataset_name, task, metric_type, metric_name, metric,
       value::double precision AS value, unit, value_text, verified, evaluated_at
FROM hf.evaluations
ORDER BY model_id, source, dataset_id, task, metric, value
