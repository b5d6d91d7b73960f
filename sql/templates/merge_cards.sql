-- One row per {kind}: where its card stands now (a {kind} gone meanwhile is skipped).
INSERT INTO hf.{kind}_cards AS c ({id}, revision, card_sha256, status, bytes, fetched_at)
SELECT s.repo_id, s.revision, s.card_sha256, s.status, s.bytes, now()
FROM stage_cards AS s
JOIN hf.{table} AS m ON m.{id} = s.repo_id
WHERE s.kind = '{kind}'
ON CONFLICT ({id}) DO UPDATE SET
    revision = excluded.revision, card_sha256 = excluded.card_sha256,
    status = excluded.status, bytes = excluded.bytes, fetched_at = excluded.fetched_at
