-- Ranked models whose card's `base_model` names other bases than their tags ($1 rows).
WITH in_card AS (
    SELECT c.model_id,
           ARRAY(
               SELECT DISTINCT trim(x.said) COLLATE "C"
               FROM jsonb_array_elements_text(
                   CASE jsonb_typeof(t.meta -> 'base_model')
                       WHEN 'array' THEN t.meta -> 'base_model'
                       WHEN 'string' THEN jsonb_build_array(t.meta -> 'base_model')
                       ELSE '[]'::jsonb
                   END
               ) AS x (said)
               WHERE trim(x.said) <> ''
               ORDER BY 1
           ) AS bases
    FROM hf.model_cards AS c
    JOIN hf.card_texts AS t USING (card_sha256)
    WHERE c.status = 'ok' AND t.meta ? 'base_model'
      AND EXISTS (SELECT 1 FROM hf.model_tasks AS mt WHERE mt.model_id = c.model_id)
),
compared AS (
    SELECT i.model_id, i.bases AS card_bases,
           ARRAY(
               SELECT DISTINCT l.base_model_id FROM hf.model_lineage AS l
               WHERE l.model_id = i.model_id ORDER BY 1
           ) AS tag_bases
    FROM in_card AS i
)
SELECT model_id, array_to_string(card_bases, ', ') AS in_card,
       array_to_string(tag_bases, ', ') AS in_tags
FROM compared
WHERE card_bases IS DISTINCT FROM tag_bases
ORDER BY model_id
LIMIT $1
