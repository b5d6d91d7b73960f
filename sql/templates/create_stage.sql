-- One batch of hf.{table}, staged for one merge transaction: the columns sent (tags as
-- JSON text: Postgres reads it faster than it makes jsonb of a text[], and the client
-- writes it faster than an array), and the snapshot code the merge gives each row (or
-- NULL). The types are the table's own.
CREATE TEMP TABLE {stage} ON COMMIT DROP AS
SELECT {id}, {tags:*, }{staged}, {key}, first_run_id
FROM hf.{table}
WITH NO DATA
