-- Downloads, as known at each run in $2, of the current top $3 of each task in $1: from the
-- latest snapshot at or before the run that holds the model. The runs between the first
-- and the last of $2 are read once; a model those runs never saw before a run is looked up
-- further back, newest snapshot first, and never before the run that first ranked it.
WITH top AS (
    SELECT mt.task_id, mt.model_id, mt.rank_in_task, m.model_key, m.first_run_id
    FROM hf.model_tasks AS mt
    JOIN hf.models AS m ON m.model_id = mt.model_id
    WHERE mt.task_id = ANY ($1::text[]) AND mt.rank_in_task <= $3 AND m.model_key IS NOT NULL
),
runs AS (SELECT unnest($2::bigint[]) AS run_id),
seen AS (
    SELECT DISTINCT ON (x.model_key, s.run_id) x.model_key, s.run_id, x.downloads
    FROM hf.task_snapshots AS s
    CROSS JOIN LATERAL hf.snapshot_rows(s) AS x
    WHERE s.run_id BETWEEN (SELECT min(run_id) FROM runs) AND (SELECT max(run_id) FROM runs)
      AND x.model_key IN (SELECT model_key FROM top)
    ORDER BY x.model_key, s.run_id, s.written DESC
),
earlier AS (
    SELECT t.model_key, before_.downloads
    FROM (SELECT DISTINCT model_key, first_run_id FROM top) AS t
    CROSS JOIN LATERAL (
        SELECT x.downloads
        FROM hf.task_snapshots AS s
        CROSS JOIN LATERAL hf.snapshot_rows(s) AS x
        WHERE s.run_id < (SELECT min(run_id) FROM runs) AND s.run_id >= t.first_run_id
          AND x.model_key = t.model_key
        ORDER BY s.run_id DESC, s.written DESC
        LIMIT 1
    ) AS before_
    WHERE NOT EXISTS (
        SELECT 1 FROM seen AS v
        WHERE v.model_key = t.model_key AND v.run_id = (SELECT min(run_id) FROM runs)
    )
)
SELECT t.task_id, t.model_id, t.rank_in_task, r.run_id,
       coalesce(
           (SELECT v.downloads FROM seen AS v
            WHERE v.model_key = t.model_key AND v.run_id <= r.run_id
            ORDER BY v.run_id DESC LIMIT 1),
           (SELECT e.downloads FROM earlier AS e WHERE e.model_key = t.model_key)
       ) AS downloads
FROM top AS t
CROSS JOIN runs AS r
ORDER BY t.task_id, t.rank_in_task, r.run_id
