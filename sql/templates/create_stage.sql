-- One batch of hf.{table}, staged for one merge transaction: the columns stored, tags as
-- text[] (binary: Postgres makes them jsonb without parsing JSON text), and the snapshot
-- code the merge gives each row (or NULL). The types are the table's own.
CREATE TEMP TABLE {stage} ON COMMIT DROP AS
SELECT {id}, ARRAY[]::text[] AS tags, {columns}, {key}, first_run_id
FROM hf.{table}
WITH NO DATA
