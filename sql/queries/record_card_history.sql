-- The revision chain: a row the first time a model's card is read at a commit.
INSERT INTO hf.card_history (model_id, revision, card_sha256, status)
SELECT s.repo_id, s.revision, s.card_sha256, s.status
FROM stage_cards AS s
JOIN hf.models AS m ON m.model_id = s.repo_id
WHERE s.revision IS NOT NULL AND s.kind = 'model'
ON CONFLICT (model_id, revision) DO NOTHING
