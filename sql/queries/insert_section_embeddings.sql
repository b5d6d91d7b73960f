-- Vectors of model $4 for sections ($1 hashes, $2 places, $3 vectors as text).
INSERT INTO hf.section_embeddings (card_sha256, n, model, embedding)
SELECT v.card_sha256, v.n, $4, v.embedding::vector
FROM unnest($1::text[], $2::integer[], $3::text[]) AS v (card_sha256, n, embedding)
ON CONFLICT DO NOTHING
