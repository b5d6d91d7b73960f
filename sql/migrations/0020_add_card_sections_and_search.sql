-- Each distinct card text split by its Markdown headings (code blocks and tables kept
-- whole), once: the section's place, the headings above it (its own last) and its text, with
-- a full-text vector (headings weigh more than text) under a GIN index. Models get a vector
-- of their id, tags and pipeline tag, kept by every cards run. Search (hf.search_models)
-- reads both.
CREATE TABLE hf.card_sections (
    card_sha256  text NOT NULL REFERENCES hf.card_texts (card_sha256) ON DELETE CASCADE,
    n            integer NOT NULL,
    heading_path text[] NOT NULL,
    text         text NOT NULL,
    search       tsvector NOT NULL,  -- headings weigh A, text B (insert_card_sections.sql)
    PRIMARY KEY (card_sha256, n)
);
CREATE INDEX idx_card_sections_search ON hf.card_sections USING gin (search);
ALTER TABLE hf.card_sections ENABLE ROW LEVEL SECURITY;

CREATE TABLE hf.model_terms (
    model_id text PRIMARY KEY REFERENCES hf.models (model_id) ON DELETE CASCADE,
    search   tsvector NOT NULL
);
CREATE INDEX idx_model_terms_search ON hf.model_terms USING gin (search);
ALTER TABLE hf.model_terms ENABLE ROW LEVEL SECURITY;

-- A model's words: its id (owner and name split at / - _ .), tags and pipeline tag.
CREATE FUNCTION hf.model_words(model_id text, tags jsonb, pipeline_tag text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    SELECT setweight(to_tsvector('english'::regconfig,
                                 translate(model_id, '/-_.', '    ')), 'A')
           || setweight(to_tsvector('english'::regconfig,
                                    translate(coalesce(pipeline_tag, ''), '-', ' ')), 'A')
           || setweight(to_tsvector('english'::regconfig, translate(coalesce(
                  (SELECT string_agg(t, ' ') FROM jsonb_array_elements_text(
                       CASE WHEN jsonb_typeof(tags) = 'array' THEN tags ELSE '[]'::jsonb END
                   ) AS t), ''), ':-/_', '    ')), 'C')
$$;

INSERT INTO hf.model_terms (model_id, search)
SELECT m.model_id, hf.model_words(m.model_id, m.tags, m.pipeline_tag) FROM hf.models AS m;

-- Texts parsed before sections existed are parsed again (front matter and sections) by
-- the next cards run; their results are kept.
UPDATE hf.card_texts SET meta_status = NULL;

-- Models ranked by how well their id, tags and card sections match `query` (web search
-- syntax: words in any order, "quoted phrases", or, -excluded), with a modest prior for
-- popularity; optionally only those of a task, a license, a library. Each hit: the best
-- section's heading path and a highlighted snippet of it.
CREATE FUNCTION hf.search_models(
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
    sections AS (
        SELECT s.card_sha256, s.n, ts_rank_cd(s.search, q.tq) AS rank
        FROM hf.card_sections AS s, q
        WHERE s.search @@ q.tq
    ),
    best_section AS (
        SELECT DISTINCT ON (c.model_id) c.model_id, x.card_sha256, x.n, x.rank
        FROM sections AS x
        JOIN hf.model_cards AS c ON c.card_sha256 = x.card_sha256
        ORDER BY c.model_id, x.rank DESC, x.n
    ),
    terms AS (
        SELECT t.model_id, ts_rank_cd(t.search, q.tq) AS rank
        FROM hf.model_terms AS t, q
        WHERE t.search @@ q.tq
    ),
    hits AS (
        SELECT coalesce(b.model_id, t.model_id) AS model_id, b.card_sha256, b.n,
               coalesce(b.rank, 0) + coalesce(t.rank, 0) AS rank
        FROM best_section AS b
        FULL JOIN terms AS t ON t.model_id = b.model_id
    ),
    ranked AS (
        SELECT h.*, m.license, m.downloads,
               h.rank + 0.01 * ln(1 + coalesce(m.downloads, 0)) AS score
        FROM hits AS h
        JOIN hf.models AS m ON m.model_id = h.model_id
        WHERE (search_models.license IS NULL OR m.license = search_models.license)
          AND (library IS NULL OR m.library_name = library)
          AND (task IS NULL OR EXISTS (
              SELECT 1 FROM hf.model_tasks AS mt
              WHERE mt.model_id = h.model_id AND mt.task_id = task))
        ORDER BY score DESC, m.downloads DESC NULLS LAST, h.model_id
        LIMIT top
    )
    SELECT r.model_id, r.score,
           ARRAY(SELECT mt.task_id FROM hf.model_tasks AS mt
                 WHERE mt.model_id = r.model_id ORDER BY mt.task_id),
           r.license, r.downloads,
           array_to_string(s.heading_path, ' > '),
           ts_headline('english'::regconfig, s.text, q.tq,
                       'MaxFragments=1, MinWords=8, MaxWords=24, StartSel=«, StopSel=»')
    FROM ranked AS r
    CROSS JOIN q
    LEFT JOIN hf.card_sections AS s ON s.card_sha256 = r.card_sha256 AND s.n = r.n
    ORDER BY r.score DESC, r.downloads DESC NULLS LAST, r.model_id
$$;
