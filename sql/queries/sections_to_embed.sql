-- Card sections with no vector of model $1 yet ($2 at a time).
SELECT s.card_sha256, s.n, array_to_string(s.heading_path, ' > ') AS heading, s.text
FROM hf.card_sections AS s
WHERE NOT EXISTS (
    SELECT 1 FROM hf.section_embeddings AS e
    WHERE e.card_sha256 = s.card_sha256 AND e.n = s.n AND e.model = $1
)
ORDER BY s.card_sha256, s.n
LIMIT $2
