-- The highest dictionary code given so far (0: none), by the primary key's index.
SELECT coalesce(max(model_key), 0) FROM hf.model_keys
