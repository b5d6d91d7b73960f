-- Of the models $1, those the words $2 match exactly: their id or name (the id without its
-- owner) is the words, or their id, tags or card hold the words as a phrase, in order.
SELECT t.model_id
FROM hf.model_terms AS t
WHERE t.model_id = ANY ($1::text[])
  AND (lower(t.model_id) = lower(btrim($2))
       OR lower(split_part(t.model_id, '/', 2)) = lower(btrim($2))
       OR t.search @@ phraseto_tsquery('english'::regconfig, hf.search_text($2)))
