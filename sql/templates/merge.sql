-- Upsert the staged rows (one per id). A row is rewritten only when a field changed, or to
-- store the snapshot code of a row that had none: an unchanged row keeps its version, so a
-- rerun leaves nothing for vacuum (a full walk stamps what it saw apart, with
-- stamp_seen.sql). A code, once given, stays. Returns the counts.
WITH merged AS (
    INSERT INTO hf.{table} AS m ({id}, {tags:*, }{columns}, {key}, first_run_id)
    SELECT s.{id}, {tags:s.*, }{values}, s.{key}, s.first_run_id
    FROM {stage} AS s {joins}
    ON CONFLICT ({id}) DO UPDATE SET
        {tags:* = excluded.*,}
        {columns:* = excluded.*},
        {key} = coalesce(m.{key}, excluded.{key}),
        first_run_id = coalesce(m.first_run_id, excluded.first_run_id),
        updated_at = now(),
        last_synced_at = now()
    WHERE ({tags:m.*, }{columns:m.*}) IS DISTINCT FROM ({tags:excluded.*, }{columns:excluded.*})
       OR (m.{key} IS NULL AND excluded.{key} IS NOT NULL)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted,
       count(*) FILTER (WHERE NOT inserted) AS changed,
       (SELECT count(*) FROM {stage}) AS seen
FROM merged
