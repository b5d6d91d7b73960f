-- Of the texts $1, those stored and waiting to be parsed again (meta_status NULL: a
-- migration changed how a card is read) lose what the last reading made of them: their
-- evaluation results, sections (and so their sections' embeddings) and the search
-- documents built from them, which the parse about to be stored makes anew.
WITH again AS (
    SELECT card_sha256 FROM hf.card_texts
    WHERE card_sha256 = ANY ($1::text[]) AND meta_status IS NULL
),
evals AS (
    DELETE FROM hf.card_eval_results AS e USING again AS a WHERE e.card_sha256 = a.card_sha256
),
terms AS (
    DELETE FROM hf.model_terms AS t USING again AS a WHERE t.card_sha256 = a.card_sha256
)
DELETE FROM hf.card_sections AS s USING again AS a WHERE s.card_sha256 = a.card_sha256
