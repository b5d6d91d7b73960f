-- Search finds what users type: model ids, task ids and licence ids are words joined by
-- - / _ . or : ("microsoft/whisper-large-v3", "feature-extraction", "cc-by-4.0"). Postgres's
-- parser reads such a run in ways that depend on its characters ("apache-2.0" becomes
-- 'apach' and '-2.0', an id with a slash becomes one file-path token), so a query and a
-- document only met when both happened to be parsed alike. From here on, one rule reads
-- both: hf.search_text splits joined words into their parts, a document is indexed so, and
-- a query's joined word becomes the phrase of its parts ('cc' <-> 'by' <-> '4' <-> '0').

-- Text as search reads it: a joiner between two letters or digits becomes a space.
CREATE FUNCTION hf.search_text(words text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = '' AS $$
    SELECT regexp_replace(words, '([[:alnum:]])[-/_.:]+(?=[[:alnum:]])', '\1 ', 'g')
$$;

-- A query in web search syntax (words in any order, "quoted phrases", or, -excluded) where
-- each joined word outside quotes stands for the phrase of its parts; inside quotes its
-- parts join the phrase.
CREATE FUNCTION hf.search_query(query text)
RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = '' AS $$
    WITH piece AS (
        SELECT m.found[1] AS text, m.n
        FROM regexp_matches(query, '[[:alnum:]]+(?:[-/_.:]+[[:alnum:]]+)*|[^[:alnum:]]', 'g')
             WITH ORDINALITY AS m(found, n)
    ),
    placed AS (  -- inside quotes: an odd number of quote marks stands before the piece
        SELECT p.text, p.n,
               coalesce(sum(length(p.text) - length(replace(p.text, '"', ''))) OVER (
                   ORDER BY p.n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) % 2 = 1
                   AS quoted
        FROM piece AS p
    )
    SELECT websearch_to_tsquery('english'::regconfig, coalesce(string_agg(
        CASE WHEN NOT p.quoted AND p.text ~ '^[[:alnum:]]+[-/_.:]'
             THEN '"' || hf.search_text(p.text) || '"'
             ELSE hf.search_text(p.text) END, '' ORDER BY p.n), ''))
    FROM placed AS p
$$;

CREATE OR REPLACE FUNCTION hf.model_words(model_id text, tags jsonb, pipeline_tag text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    SELECT setweight(to_tsvector('english'::regconfig, hf.search_text(model_id)), 'A')
           || setweight(to_tsvector('english'::regconfig,
                                    hf.search_text(coalesce(pipeline_tag, ''))), 'A')
           || setweight(to_tsvector('english'::regconfig, hf.search_text(coalesce(
                  (SELECT string_agg(t, ' ') FROM jsonb_array_elements_text(
                       CASE WHEN jsonb_typeof(tags) = 'array' THEN tags ELSE '[]'::jsonb END
                   ) AS t), ''))), 'C')
$$;

-- Every stored section and search document read again by the one rule.
UPDATE hf.card_sections SET search =
    setweight(to_tsvector('english'::regconfig,
                          hf.search_text(array_to_string(heading_path, ' '))), 'A')
    || setweight(to_tsvector('english'::regconfig, hf.search_text(text)), 'B');

UPDATE hf.model_terms AS t SET search =
    hf.model_words(m.model_id, m.tags, m.pipeline_tag) || hf.card_words(t.card_sha256)
FROM hf.models AS m
WHERE m.model_id = t.model_id;

-- Models ranked by how well their id, tags and card match `query` (hf.search_query) plus
-- the popularity prior as of the last cards run; a model whose id is the query scores 2
-- more, one whose name (the id without its owner) is the query 1 more, so the model typed
-- comes first. Optionally only those of a task, a license, a library. Each hit: its tasks,
-- license and downloads as stored now, and the best matching section's heading path with a
-- highlighted snippet of it.
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
    WITH q AS (SELECT hf.search_query(query) AS tq, lower(btrim(query)) AS typed),
    ranked AS (
        SELECT t.model_id, t.card_sha256,
               ts_rank(t.search, q.tq) + t.popularity
               + CASE WHEN lower(t.model_id) = q.typed THEN 2
                      WHEN lower(split_part(t.model_id, '/', 2)) = q.typed THEN 1
                      ELSE 0 END AS score
        FROM hf.model_terms AS t, q
        WHERE (t.search @@ q.tq OR t.model_id = btrim(query))
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
