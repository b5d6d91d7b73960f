-- hf.search_models, faster for words in nearly every card: matching sections are ranked
-- once per text (a hash aggregate, not a sort per model; a model has one card), and each
-- hit's best section is found by its text's key rather than by a second index scan.
-- Models ranked by how well their id, tags and card sections match `query` (web search
-- syntax: words in any order, "quoted phrases", or, -excluded), with a modest prior for
-- popularity; optionally only those of a task, a license, a library. Each hit: the best
-- section's heading path and a highlighted snippet of it.
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
    texts AS (  -- each matching text once, with its best section's rank
        SELECT s.card_sha256, max(ts_rank_cd(s.search, q.tq)) AS rank
        FROM hf.card_sections AS s, q
        WHERE s.search @@ q.tq
        GROUP BY s.card_sha256
    ),
    terms AS (
        SELECT t.model_id, ts_rank_cd(t.search, q.tq) AS rank
        FROM hf.model_terms AS t, q
        WHERE t.search @@ q.tq
    ),
    hits AS (
        SELECT coalesce(c.model_id, t.model_id) AS model_id, c.card_sha256,
               coalesce(x.rank, 0) + coalesce(t.rank, 0) AS rank
        FROM (texts AS x JOIN hf.model_cards AS c ON c.card_sha256 = x.card_sha256)
        FULL JOIN terms AS t ON t.model_id = c.model_id
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
           array_to_string(b.heading_path, ' > '),
           ts_headline('english'::regconfig, b.text, q.tq,
                       'MaxFragments=1, MinWords=8, MaxWords=24, StartSel=«, StopSel=»')
    FROM ranked AS r
    CROSS JOIN q
    LEFT JOIN LATERAL (  -- the hit's best section, found by its text's key
        SELECT s.heading_path, s.text
        FROM hf.card_sections AS s
        WHERE s.card_sha256 = r.card_sha256 AND (s.search @@ q.tq) IS TRUE
        ORDER BY ts_rank_cd(s.search, q.tq) DESC, s.n
        LIMIT 1
    ) AS b ON true
    ORDER BY r.score DESC, r.downloads DESC NULLS LAST, r.model_id
$$;
