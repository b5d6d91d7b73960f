-- Ranked models whose card's front matter names another license than the listing's.
SELECT model_id, listed, in_card
FROM (
    SELECT c.model_id, m.license AS listed,
           trim(both ' "' FROM substring(
               substring(t.text FROM '^---\n(.*?)\n---') FROM '(?n)^license:(.*)$'
           )) AS in_card
    FROM hf.model_cards AS c
    JOIN hf.models AS m USING (model_id)
    JOIN hf.card_texts AS t USING (card_sha256)
    WHERE c.status = 'ok' AND EXISTS (SELECT 1 FROM hf.model_tasks AS mt WHERE mt.model_id = c.model_id)
) AS found
WHERE in_card IS NOT NULL AND in_card <> '' AND in_card IS DISTINCT FROM listed
ORDER BY model_id
LIMIT $1
