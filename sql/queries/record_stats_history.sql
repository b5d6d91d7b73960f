-- History: counters of every model ranked in run $1, only where they differ from the
-- model's previous snapshot. A model staged in this transaction has its counters in
-- stage_models (the merge just stored them as they are); only the others are looked up.
-- A model ranked again later in the same run (another task, another batch) updates the
-- run's snapshot; every other change is a new row, a plain insert.
WITH now_ AS (
    SELECT s.model_id, s.downloads, s.likes, s.trending_score, s.downloads_all_time
    FROM stage_models AS s
    WHERE s.model_id IN (SELECT model_id FROM stage_ranks)
    UNION ALL
    SELECT m.model_id, m.downloads, m.likes, m.trending_score, m.downloads_all_time
    FROM hf.models AS m
    WHERE m.model_id IN (
        SELECT r.model_id FROM stage_ranks AS r
        WHERE NOT EXISTS (SELECT 1 FROM stage_models AS s WHERE s.model_id = r.model_id)
    )
),
changed AS MATERIALIZED (
    SELECT now_.*, prev.run_id AS prev_run_id
    FROM now_
    LEFT JOIN LATERAL (
        SELECT h.run_id, h.downloads, h.likes, h.trending_score, h.downloads_all_time
        FROM hf.model_stats_history AS h
        WHERE h.model_id = now_.model_id
        ORDER BY h.run_id DESC LIMIT 1
    ) AS prev ON true
    WHERE prev.run_id IS NULL
       OR (prev.downloads, prev.likes, prev.trending_score, prev.downloads_all_time)
          IS DISTINCT FROM
          (now_.downloads, now_.likes, now_.trending_score, now_.downloads_all_time)
),
again AS (
    UPDATE hf.model_stats_history AS h
    SET downloads = c.downloads, likes = c.likes, trending_score = c.trending_score,
        downloads_all_time = c.downloads_all_time
    FROM changed AS c
    WHERE c.prev_run_id = $1 AND h.model_id = c.model_id AND h.run_id = $1
)
INSERT INTO hf.model_stats_history (model_id, run_id, downloads, likes, trending_score,
                                    downloads_all_time)
SELECT c.model_id, $1, c.downloads, c.likes, c.trending_score, c.downloads_all_time
FROM changed AS c
WHERE c.prev_run_id IS DISTINCT FROM $1
