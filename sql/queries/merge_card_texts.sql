-- Each distinct card text once, keyed by the sha256 of the bytes served.
INSERT INTO hf.card_texts (card_sha256, text)
SELECT DISTINCT ON (card_sha256) card_sha256, text
FROM stage_cards
WHERE card_sha256 IS NOT NULL
ORDER BY card_sha256
ON CONFLICT (card_sha256) DO NOTHING
