-- The bases with the most models built directly on them ($1 rows), by relation.
SELECT base_model_id AS base_model, derived_models, finetunes, adapters, quantized, merges,
       unspecified, in_catalogue
FROM hf.lineage_families
ORDER BY derived_models DESC, base_model_id
LIMIT $1
