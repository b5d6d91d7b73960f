-- The ranked models' cards: coverage, statuses, distinct texts, sizes of the cards served.
WITH ranked AS (SELECT DISTINCT model_id FROM hf.model_tasks),
cards AS (SELECT c.* FROM hf.model_cards AS c JOIN ranked USING (model_id))
SELECT (SELECT count(*) FROM ranked) AS ranked_models,
       count(*) AS with_card_row,
       count(*) FILTER (WHERE status = 'ok') AS ok,
       count(*) FILTER (WHERE status = 'missing') AS missing,
       count(*) FILTER (WHERE status = 'gated') AS gated,
       count(*) FILTER (WHERE status = 'too_large') AS too_large,
       count(*) FILTER (WHERE status = 'error') AS error,
       count(DISTINCT card_sha256) AS distinct_texts,
       count(*) FILTER (WHERE status = 'ok' AND bytes = 0) AS empty,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY bytes) FILTER (WHERE status = 'ok') AS p50_bytes,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY bytes) FILTER (WHERE status = 'ok') AS p90_bytes,
       percentile_disc(0.99) WITHIN GROUP (ORDER BY bytes) FILTER (WHERE status = 'ok') AS p99_bytes,
       max(bytes) FILTER (WHERE status = 'ok') AS max_bytes
FROM cards
