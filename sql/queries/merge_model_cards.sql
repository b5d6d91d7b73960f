-- One row per model: where its card stands now (a model gone meanwhile is skipped).
INSERT INTO hf.model_cards AS c (model_id, revision, card_sha256, status, bytes, fetched_at)
SELECT s.repo_id, s.revision, s.card_sha256, s.status, s.bytes, now()
FROM stage_cards AS s
JOIN hf.models AS m ON m.model_id = s.repo_id
WHERE s.kind = 'model'
ON CONFLICT (model_id) DO UPDATE SET
    revision = excluded.revision, card_sha256 = excluded.card_sha256,
    status = excluded.status, bytes = excluded.bytes, fetched_at = excluded.fetched_at
