-- What the Hub gives only per model, for the models --details-budget fetched.
SELECT model_id, used_storage, base_relation, to_jsonb(base_models) AS base_models,
       children_count, fetched_at
FROM hf.model_details ORDER BY model_id
