-- Search that narrows and sorts as pick does: at least so many downloads, at most so many
-- parameters (a model of unknown size is left out by the limit), licence classes; sorted
-- by relevance (as before: a model whose id or name is the query comes first), downloads,
-- or trend (downloads in the latest run less those in the oldest run of the 7 days before
-- it, for a model both ranked). The
-- new arguments come after the old ones, so a call written for the old function keeps its
-- meaning; the answer gains each hit's size, licence class and (sorted by trend) change.
-- hf.models is read per hit only for what a call asks for, so a plain search costs what
-- it did.
-- Replaced, not overloaded: beside it, a call with the old five arguments would match both
-- and be refused as ambiguous. Dropped and created in one transaction, no call sees it gone.
-- squawk-ignore ban-drop-function
DROP FUNCTION hf.search_models(text, text, text, text, integer);

-- A value one of `choices`, or an error naming them (a SQL function cannot raise one).
CREATE FUNCTION hf.one_of(value text, choices text[], what text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$
BEGIN
    IF value IS NULL OR NOT value = ANY (choices) THEN
        RAISE EXCEPTION '% must be one of %, not %', what, array_to_string(choices, ', '),
            coalesce(value, 'NULL') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN value;
END
$$;

COMMENT ON FUNCTION hf.one_of(text, text[], text) IS
    'The value when it is one of the choices, else an error naming them (checks a function''s argument).';

CREATE FUNCTION hf.search_models(
    query           text,
    task            text DEFAULT NULL,
    license         text DEFAULT NULL,
    library         text DEFAULT NULL,
    top             integer DEFAULT 10,
    min_downloads   bigint DEFAULT NULL,
    max_params      bigint DEFAULT NULL,
    license_classes text[] DEFAULT NULL,
    sort            text DEFAULT 'relevance'
) RETURNS TABLE (
    model_id            text,
    score               double precision,
    tasks               text[],
    license             text,
    downloads           bigint,
    section             text,
    snippet             text,
    params_total        bigint,
    license_class       text,
    downloads_change_7d bigint
)
LANGUAGE sql STABLE
SET search_path = ''
AS $$
    WITH q AS (
        SELECT hf.search_query(query) AS tq, lower(btrim(query)) AS typed,
               hf.one_of(sort, ARRAY['relevance', 'downloads', 'trend'], 'sort') AS sorted_by
    ),
    latest AS (
        SELECT max(c.run_id) AS r1, max(c.started_at) AS at1 FROM hf.covering_runs AS c
    ),
    change AS MATERIALIZED (  -- read only by a search sorted by trend, and then once
        SELECT a.model_id, a.downloads - s.downloads AS gained
        FROM latest AS l
        CROSS JOIN LATERAL (
            SELECT min(c.run_id) AS r0 FROM hf.covering_runs AS c
            WHERE c.started_at >= l.at1 - interval '7 days' AND c.run_id < l.r1
        ) AS b
        CROSS JOIN LATERAL hf.model_stats_at(b.r0) AS s
        JOIN LATERAL hf.model_stats_at(l.r1) AS a ON a.model_id = s.model_id
        WHERE b.r0 IS NOT NULL
    ),
    ranked AS (
        SELECT t.model_id, t.card_sha256,
               ts_rank(t.search, q.tq) + t.popularity
               + CASE WHEN lower(t.model_id) = q.typed THEN 2
                      WHEN lower(split_part(t.model_id, '/', 2)) = q.typed THEN 1
                      ELSE 0 END AS score,
               CASE WHEN search_models.sort = 'trend' THEN (
                   SELECT g.gained FROM change AS g WHERE g.model_id = t.model_id
               ) END AS change
        FROM hf.model_terms AS t, q
        WHERE (t.search @@ q.tq OR t.model_id = btrim(query))
          AND (search_models.license IS NULL OR t.license = search_models.license)
          AND (library IS NULL OR t.library_name = library)
          AND (task IS NULL OR t.model_id IN (
              SELECT mt.model_id FROM hf.model_tasks AS mt WHERE mt.task_id = task))
          AND (min_downloads IS NULL AND max_params IS NULL AND license_classes IS NULL
               OR EXISTS (
                   SELECT 1 FROM hf.models AS m
                   WHERE m.model_id = t.model_id
                     AND (min_downloads IS NULL OR m.downloads >= min_downloads)
                     AND (max_params IS NULL OR m.params_total <= max_params)
                     AND (license_classes IS NULL OR m.license_class = ANY (license_classes))
               ))
        ORDER BY
            CASE search_models.sort
                WHEN 'downloads' THEN (SELECT m.downloads FROM hf.models AS m
                                       WHERE m.model_id = t.model_id)
            END DESC NULLS LAST,
            change DESC NULLS LAST,
            score DESC, t.model_id
        LIMIT top
    )
    SELECT r.model_id, r.score, coalesce(k.tasks, '{}'), m.license, m.downloads,
           array_to_string(b.heading_path, ' > '),
           ts_headline('english'::regconfig, b.text, q.tq,
                       'MaxFragments=1, MinWords=8, MaxWords=24, StartSel=«, StopSel=»'),
           m.params_total, m.license_class, r.change
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
    ORDER BY
        CASE search_models.sort WHEN 'downloads' THEN m.downloads END DESC NULLS LAST,
        r.change DESC NULLS LAST,
        r.score DESC, r.model_id
$$;

COMMENT ON FUNCTION hf.search_models(text, text, text, text, integer, bigint, bigint, text[], text) IS
    'Models ranked by how well their id, tags and card match a query in web search syntax, with a popularity prior (a model whose id or name is the query first): the query; a task, a licence and a library to keep to (NULL: any); how many; at least min_downloads downloads, at most max_params parameters (unknown sizes left out), licence classes; sort relevance, downloads or trend (downloads_change_7d, given only then).';
