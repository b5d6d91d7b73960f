-- The highest snapshot code given so far (0: none), by the two codes' indexes: a new code
-- goes above the stored rows' and the retired ones'.
SELECT greatest(
    (SELECT coalesce(max({key}), 0) FROM hf.{table}),
    (SELECT coalesce(max({key}), 0) FROM hf.{retired})
)
