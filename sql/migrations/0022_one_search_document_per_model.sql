-- Search reads one row per model: its id, tags and pipeline tag as words together with its
-- card's words (every section, headings weighing A and text B, as in hf.card_sections),
-- and beside them what a search filters and ranks on: license, library and the popularity
-- prior. A search for a word in nearly every card then ranks one bitmap scan of this table,
-- not every matching section grouped by text, joined to the models sharing it and to
-- hf.models for the prior (about 85 ms for such a word on 47 x 1000 with cards, 17 ms so).
-- hf.card_sections keeps its own vectors and GIN index for queries about sections.
--
-- words_key is a digest of what the words come from (pipeline tag, tags); with card_sha256
-- it says when a document must be rebuilt. The rows built here carry an empty key, so the
-- next cards run rebuilds every document once: texts stored before sections existed get
-- their sections parsed by that run, and their models' words with them.

-- A card's words: its sections' vectors in order (tsvector || shifts the positions of
-- each next section past the previous ones).
CREATE FUNCTION hf.card_words(card text)
RETURNS tsvector
LANGUAGE plpgsql STABLE SET search_path = '' AS $$
DECLARE
    words tsvector := ''::tsvector;
    section tsvector;
BEGIN
    FOR section IN
        SELECT s.search FROM hf.card_sections AS s WHERE s.card_sha256 = card ORDER BY s.n
    LOOP
        words := words || section;
    END LOOP;
    RETURN words;
END
$$;

DROP TABLE hf.model_terms;
CREATE TABLE hf.model_terms (
    model_id     text PRIMARY KEY REFERENCES hf.models (model_id) ON DELETE CASCADE,
    card_sha256  text,              -- the card whose words are in `search`
    words_key    text NOT NULL,     -- md5 of the pipeline tag and tags the words are from
    license      text,
    library_name text,
    popularity   real NOT NULL,     -- 0.01 x ln(1 + downloads), the prior search adds
    search       tsvector NOT NULL
) WITH (fillfactor = 90);           -- room for the prior's updates to stay on the page
CREATE INDEX idx_model_terms_search ON hf.model_terms USING gin (search);
ALTER TABLE hf.model_terms ENABLE ROW LEVEL SECURITY;

INSERT INTO hf.model_terms
    (model_id, card_sha256, words_key, license, library_name, popularity, search)
SELECT m.model_id, c.card_sha256, '', m.license, m.library_name,
       0.01 * ln(1 + greatest(coalesce(m.downloads, 0), 0)),
       hf.model_words(m.model_id, m.tags, m.pipeline_tag) || hf.card_words(c.card_sha256)
FROM hf.models AS m
LEFT JOIN hf.model_cards AS c ON c.model_id = m.model_id;

-- Models ranked by how well their id, tags and card match `query` (web search syntax: words
-- in any order, "quoted phrases", or, -excluded; ts_rank) plus the popularity prior as of
-- the last cards run; optionally only those of a task, a license, a library. Each hit: its
-- tasks, license and downloads as stored now, and the best matching section's heading path
-- with a highlighted snippet of it.
CREATE OR REPLACE FUNCTION hf.search_models(
    query text,
    task text DEFAULT NULL,
    license text DEFAULT NULL,
    library text DEFAULT NULL,
    top integer DEFAULT 10
)
RETURNS TABLE (model_id text, score double precision, tasks text[], license text,
               downloads bigint, section text, snippet text)
LANGUAGE sql STABLE SET search_path = '' AS $$
    WITH q AS (SELECT websearch_to_tsquery('english'::regconfig, query) AS tq),
    ranked AS (
        SELECT t.model_id, t.card_sha256, ts_rank(t.search, q.tq) + t.popularity AS score
        FROM hf.model_terms AS t, q
        WHERE t.search @@ q.tq
          AND (search_models.license IS NULL OR t.license = search_models.license)
          AND (library IS NULL OR t.library_name = library)
          AND (task IS NULL OR t.model_id IN (
              SELECT mt.model_id FROM hf.model_tasks AS mt WHERE mt.task_id = task))
        ORDER BY score DESC, t.model_id
        LIMIT top
    )
    SELECT r.model_id, r.score, coalesce(k.tasks, '{}'), m.license, m.downloads,
           array_to_string(b.heading_path, ' > '),
           ts_headline('english'::regconfig, b.text, q.tq,
                       'MaxFragments=1, MinWords=8, MaxWords=24, StartSel=«, StopSel=»')
    FROM ranked AS r
    JOIN hf.models AS m ON m.model_id = r.model_id
    CROSS JOIN q
    LEFT JOIN (  -- the hits' tasks, in one pass (the rankings' index leads with the task)
        SELECT mt.model_id, array_agg(mt.task_id ORDER BY mt.task_id) AS tasks
        FROM hf.model_tasks AS mt
        WHERE mt.model_id IN (SELECT ranked.model_id FROM ranked)
        GROUP BY mt.model_id
    ) AS k ON k.model_id = r.model_id
    LEFT JOIN LATERAL (  -- the hit's best section, found by its text's key
        SELECT s.heading_path, s.text
        FROM hf.card_sections AS s
        WHERE s.card_sha256 = r.card_sha256 AND (s.search @@ q.tq) IS TRUE
        ORDER BY ts_rank(s.search, q.tq) DESC, s.n
        LIMIT 1
    ) AS b ON true
    ORDER BY r.score DESC, r.model_id
$$;
