-- The highest dictionary code given so far (0: none), by the two codes' indexes: a new code
-- goes above the stored models' and the retired ones'.
SELECT greatest(
    (SELECT coalesce(max(model_key), 0) FROM hf.models),
    (SELECT coalesce(max(model_key), 0) FROM hf.retired_model_keys)
)
