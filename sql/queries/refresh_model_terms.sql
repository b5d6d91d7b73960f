-- Every model's search document rebuilt where what its words come from changed: a model
-- new to search, another card, other tags or pipeline tag. Returns "INSERT 0 n".
WITH now AS (
    SELECT m.model_id, m.tags, m.pipeline_tag, m.license, m.library_name, c.card_sha256,
           md5(concat_ws(E'\n', m.pipeline_tag, m.tags::text)) AS words_key,
           0.01 * ln(1 + greatest(coalesce(m.downloads, 0), 0)) AS popularity
    FROM hf.models AS m
    LEFT JOIN hf.model_cards AS c ON c.model_id = m.model_id
)
INSERT INTO hf.model_terms AS t
    (model_id, card_sha256, words_key, license, library_name, popularity, search)
SELECT n.model_id, n.card_sha256, n.words_key, n.license, n.library_name, n.popularity,
       hf.model_words(n.model_id, n.tags, n.pipeline_tag) || hf.card_words(n.card_sha256)
FROM now AS n
LEFT JOIN hf.model_terms AS old ON old.model_id = n.model_id
WHERE old.model_id IS NULL
   OR old.words_key <> n.words_key
   OR old.card_sha256 IS DISTINCT FROM n.card_sha256
ON CONFLICT (model_id) DO UPDATE SET
    card_sha256 = excluded.card_sha256,
    words_key = excluded.words_key,
    license = excluded.license,
    library_name = excluded.library_name,
    popularity = excluded.popularity,
    search = excluded.search
