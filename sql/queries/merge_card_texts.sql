-- Each distinct card text once, keyed by the sha256 of the bytes served, with what its
-- front matter says (a text stored before that was parsed gets it now).
INSERT INTO hf.card_texts AS t
    (card_sha256, text, meta, meta_status, meta_error, model_index_error)
SELECT DISTINCT ON (card_sha256)
       card_sha256, text, meta, meta_status, meta_error, model_index_error
FROM stage_cards
WHERE card_sha256 IS NOT NULL
ORDER BY card_sha256, meta_status NULLS LAST  -- the card of the batch that carries it
ON CONFLICT (card_sha256) DO UPDATE
SET meta = excluded.meta, meta_status = excluded.meta_status, meta_error = excluded.meta_error,
    model_index_error = excluded.model_index_error
WHERE t.meta_status IS NULL
