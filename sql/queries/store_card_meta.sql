-- A stored text's front matter, parsed: $1 hash, $2 data, $3 status, $4 error, $5 why its
-- model-index was refused.
UPDATE hf.card_texts
SET meta = $2::jsonb, meta_status = $3, meta_error = $4, model_index_error = $5
WHERE card_sha256 = $1 AND meta_status IS NULL
