-- "Which model should I use?" in one call: a task's ranked models filtered by size, licence,
-- library, downloads and a benchmark, each with what a choice needs (its counters, the
-- change of its downloads over the last 7 days, its size, licence class, commercial use,
-- the root of its family and, with a benchmark, its best value there), in the task's order
-- or sorted. `hf-crawl pick` prints this function's rows.
CREATE FUNCTION hf.pick(
    task            text,
    max_params      bigint DEFAULT NULL,
    min_params      bigint DEFAULT NULL,
    license_classes text[] DEFAULT NULL,
    commercial      boolean DEFAULT false,
    library         text DEFAULT NULL,
    min_downloads   bigint DEFAULT NULL,
    benchmark       text DEFAULT NULL,
    metric          text DEFAULT NULL,
    sort            text DEFAULT 'rank',
    top             integer DEFAULT 20
) RETURNS TABLE (
    model_id            text,
    rank_in_task        integer,
    downloads           bigint,
    downloads_change_7d bigint,
    likes               bigint,
    trending_score      double precision,
    params_total        bigint,
    params_source       text,
    license             text,
    license_class       text,
    commercial_use      text,
    library_name        text,
    base_model          text,
    benchmark_dataset   text,
    benchmark_metric    text,
    value               numeric
)
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
    IF pick.sort NOT IN ('rank', 'downloads', 'trend', 'likes', 'score') THEN
        RAISE EXCEPTION 'sort must be rank, downloads, trend, likes or score, not %', pick.sort
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pick.sort = 'score' AND pick.benchmark IS NULL THEN
        RAISE EXCEPTION 'sort score needs a benchmark' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH latest AS (
        SELECT max(c.run_id) AS r1, max(c.started_at) AS at1 FROM hf.covering_runs AS c
    ),
    baseline AS (  -- the oldest run of the 7 days before the latest one
        SELECT min(c.run_id) AS r0
        FROM hf.covering_runs AS c, latest AS l
        WHERE c.started_at >= l.at1 - interval '7 days' AND c.run_id < l.r1
    ),
    change AS (  -- downloads in the latest run less those in that one; both runs saw it
        SELECT a.model_id, a.downloads - s.downloads AS gained
        FROM latest AS l, baseline AS b
        CROSS JOIN LATERAL hf.model_stats_at(b.r0) AS s
        JOIN LATERAL hf.model_stats_at(l.r1) AS a ON a.model_id = s.model_id
        WHERE b.r0 IS NOT NULL
    ),
    scores AS (  -- each model's best value on the benchmark (lowest where lower is better)
        SELECT DISTINCT ON (e.model_id)
               e.model_id, e.dataset_id, coalesce(e.metric, e.task) AS metric, e.value
        FROM hf.evaluations AS e
        LEFT JOIN LATERAL (
            SELECT bool_or(n.lower_is_better) AS lower FROM hf.metric_names AS n
            WHERE n.metric = e.metric
        ) AS d ON true
        WHERE pick.benchmark IS NOT NULL AND e.value IS NOT NULL
          AND lower(pick.benchmark) IN (lower(e.dataset_id), lower(regexp_replace(e.dataset_id, '^.*/', '')))
          AND (pick.metric IS NULL OR e.metric = hf.metric_key(pick.metric)
               OR lower(e.task) = lower(pick.metric))
        ORDER BY e.model_id, CASE WHEN d.lower THEN e.value END ASC, e.value DESC
    ),
    chosen AS (
        SELECT t.model_id, t.rank_in_task, m.downloads, m.likes, m.trending_score,
               m.params_total, m.params_source, m.license, m.license_class,
               coalesce(l.commercial_use, CASE WHEN m.license IS NOT NULL THEN 'unknown' END)
                   AS commercial_use,
               m.library_name,
               g.gained AS downloads_change_7d,
               s.dataset_id, s.metric, s.value,
               CASE WHEN s.model_id IS NULL THEN NULL
                    WHEN d.lower THEN -s.value ELSE s.value END AS score
        FROM hf.model_tasks AS t
        JOIN hf.models AS m ON m.model_id = t.model_id
        LEFT JOIN hf.licenses AS l ON l.license_id = lower(split_part(m.license, ':', 1))
        LEFT JOIN change AS g ON g.model_id = t.model_id
        LEFT JOIN scores AS s ON s.model_id = t.model_id
        LEFT JOIN LATERAL (
            SELECT bool_or(n.lower_is_better) AS lower FROM hf.metric_names AS n
            WHERE n.metric = s.metric
        ) AS d ON true
        WHERE t.task_id = pick.task
          AND (pick.max_params IS NULL OR m.params_total <= pick.max_params)
          AND (pick.min_params IS NULL OR m.params_total >= pick.min_params)
          AND (pick.license_classes IS NULL OR m.license_class = ANY (pick.license_classes))
          AND (NOT pick.commercial OR l.commercial_use IN ('yes', 'conditional'))
          AND (pick.library IS NULL OR m.library_name = pick.library)
          AND (pick.min_downloads IS NULL OR m.downloads >= pick.min_downloads)
          AND (pick.benchmark IS NULL OR s.model_id IS NOT NULL)
        ORDER BY
            CASE pick.sort WHEN 'downloads' THEN m.downloads WHEN 'likes' THEN m.likes
                           WHEN 'trend' THEN g.gained END DESC NULLS LAST,
            CASE WHEN pick.sort = 'score' THEN
                CASE WHEN d.lower THEN -s.value ELSE s.value END END DESC NULLS LAST,
            t.rank_in_task
        LIMIT greatest(pick.top, 0)
    )
    SELECT c.model_id, c.rank_in_task, c.downloads, c.downloads_change_7d, c.likes,
           c.trending_score, c.params_total, c.params_source, c.license, c.license_class,
           c.commercial_use, c.library_name,
           (SELECT a.base_model_id FROM hf.lineage_ancestors(c.model_id) AS a
            ORDER BY a.depth DESC, a.base_model_id LIMIT 1),
           c.dataset_id, c.metric, c.value
    FROM chosen AS c
    ORDER BY
        CASE pick.sort WHEN 'downloads' THEN c.downloads WHEN 'likes' THEN c.likes
                       WHEN 'trend' THEN c.downloads_change_7d END DESC NULLS LAST,
        CASE WHEN pick.sort = 'score' THEN c.score END DESC NULLS LAST,
        c.rank_in_task;
END
$$;

COMMENT ON FUNCTION hf.pick(text, bigint, bigint, text[], boolean, text, bigint, text, text, text, integer) IS
    'A task''s ranked models filtered by size (params_total within max_params / min_params, inclusive; a model of unknown size is left out by either), licence class, commercial use (yes or conditional), library, downloads and a benchmark (models with a result there, with their best value), in the task''s order or sorted by downloads, trend (downloads_change_7d), likes or score. downloads_change_7d: its downloads in the latest run less those in the oldest run of the 7 days before it, NULL unless both ranked it. base_model: the root of its family (NULL: it has no base).';
