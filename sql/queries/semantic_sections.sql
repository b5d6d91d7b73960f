-- The models whose card sections lie nearest the vector $1 (as text) for model $2, best
-- section first, $3 of them.
SELECT model_id, min(distance) AS distance
FROM (
    SELECT e.card_sha256, e.embedding <=> $1::vector AS distance
    FROM hf.section_embeddings AS e
    WHERE e.model = $2
    ORDER BY e.embedding <=> $1::vector
    LIMIT $3 * 5
) AS near
JOIN hf.model_cards AS c USING (card_sha256)
GROUP BY model_id
ORDER BY distance, model_id
LIMIT $3
