-- One row per dataset: where its card stands now (a dataset gone meanwhile is skipped).
INSERT INTO hf.dataset_cards AS c (dataset_id, revision, card_sha256, status, bytes, fetched_at)
SELECT s.repo_id, s.revision, s.card_sha256, s.status, s.bytes, now()
FROM stage_cards AS s
JOIN hf.datasets AS d ON d.dataset_id = s.repo_id
WHERE s.kind = 'dataset'
ON CONFLICT (dataset_id) DO UPDATE SET
    revision = excluded.revision, card_sha256 = excluded.card_sha256,
    status = excluded.status, bytes = excluded.bytes, fetched_at = excluded.fetched_at
