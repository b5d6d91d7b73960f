-- `hf-crawl show`: everything known of model $1 as one JSON document (NULL when the
-- catalogue does not hold it): its fields, its rank in every task now, its counters and
-- ranks over the latest $2 runs that covered tasks, its lineage (with the Hub's own figures
-- where --details-budget fetched them), its evaluation results,
-- the datasets and papers it names (with each paper's page where --papers-budget fetched
-- it), the Spaces that use it (ranked ones first), the collections that list it and its
-- card's headings.
WITH m AS (
    SELECT * FROM hf.models WHERE model_id = $1
),
runs AS (
    SELECT run_id, started_at FROM hf.covering_runs ORDER BY run_id DESC LIMIT $2
)
SELECT jsonb_build_object(
    'model', (
        SELECT to_jsonb(m) - 'model_key' - 'first_run_id' - 'eval_results'  -- under evaluations
               || jsonb_build_object(
                      'commercial_use', l.commercial_use,
                      'card_status', c.status,
                      'card_sha256', c.card_sha256
                  )
        FROM m
        LEFT JOIN hf.licenses AS l ON l.license_id = lower(split_part(m.license, ':', 1))
        LEFT JOIN hf.model_cards AS c ON c.model_id = m.model_id
    ),
    'rankings', coalesce((
        SELECT jsonb_agg(jsonb_build_object('task_id', t.task_id, 'rank_in_task', t.rank_in_task)
                         ORDER BY t.rank_in_task, t.task_id)
        FROM hf.model_tasks AS t WHERE t.model_id = $1
    ), '[]'),
    'history', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                   'run_id', r.run_id, 'started_at', r.started_at, 'task_id', s.task_id,
                   'rank_in_task', x.rank_in_task, 'downloads', x.downloads,
                   'likes', x.likes, 'trending_score', x.trending_score
               ) ORDER BY r.run_id DESC, s.task_id)
        FROM m
        JOIN runs AS r ON true
        JOIN hf.task_snapshots AS s ON s.run_id = r.run_id
        CROSS JOIN LATERAL hf.snapshot_rows(s) AS x
        WHERE x.model_key = m.model_key
    ), '[]'),
    'lineage', jsonb_build_object(
        'base_models', coalesce((
            SELECT jsonb_agg(jsonb_build_object('model_id', l.base_model_id,
                                                'relation', l.relation)
                             ORDER BY l.base_model_id, l.relation)
            FROM hf.model_lineage AS l WHERE l.model_id = $1
        ), '[]'),
        'ancestors', coalesce((
            SELECT jsonb_agg(jsonb_build_object('model_id', a.base_model_id,
                                                'relation', a.relation, 'depth', a.depth,
                                                'of', a.model_id)
                             ORDER BY a.depth, a.base_model_id, a.relation)
            FROM hf.lineage_ancestors($1) AS a
        ), '[]'),
        'children', (SELECT count(DISTINCT l.model_id) FROM hf.model_lineage AS l
                     WHERE l.base_model_id = $1),
        'descendants', (SELECT count(DISTINCT d.model_id) FROM hf.lineage_descendants($1) AS d),
        'on_hub', (SELECT to_jsonb(d) - 'model_id' FROM hf.model_details AS d
                   WHERE d.model_id = $1)
    ),
    'evaluations', coalesce((
        SELECT jsonb_agg(to_jsonb(e) - 'model_id'
                         ORDER BY e.source, e.dataset_id, e.task, e.metric, e.value)
        FROM hf.evaluations AS e WHERE e.model_id = $1
    ), '[]'),
    'datasets', coalesce((
        SELECT jsonb_agg(jsonb_build_object('dataset_id', d.dataset_id, 'source', d.source)
                         ORDER BY d.dataset_id, d.source)
        FROM hf.model_datasets AS d WHERE d.model_id = $1
    ), '[]'),
    'papers', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                   'arxiv_id', p.arxiv_id, 'title', x.title, 'published_at', x.published_at,
                   'upvotes', x.upvotes, 'github_repo', x.github_repo,
                   'github_stars', x.github_stars
               ) ORDER BY p.arxiv_id)
        FROM hf.model_papers AS p
        LEFT JOIN hf.papers AS x ON x.arxiv_id = p.arxiv_id
        WHERE p.model_id = $1
    ), '[]'),
    'spaces', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                   'space_id', s.space_id, 'likes', s.likes, 'sdk', s.sdk, 'rank', r.rank
               ) ORDER BY r.rank NULLS LAST, s.likes DESC NULLS LAST, s.space_id)
        FROM hf.space_models AS u
        JOIN hf.spaces AS s ON s.space_id = u.space_id
        LEFT JOIN hf.space_ranks AS r ON r.space_id = s.space_id AND r.ranking = 'likes'
        WHERE u.model_id = $1
    ), '[]'),
    'collections', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                   'slug', c.slug, 'title', c.title, 'owner', c.owner, 'upvotes', c.upvotes,
                   'position', i.position, 'note', i.note
               ) ORDER BY c.upvotes DESC NULLS LAST, c.slug)
        FROM hf.collection_items AS i
        JOIN hf.collections AS c ON c.slug = i.slug
        WHERE i.item_type = 'model' AND i.item_id = $1
    ), '[]'),
    'sections', coalesce((
        SELECT jsonb_agg(h.heading_path ORDER BY h.first)
        FROM (
            SELECT s.heading_path, min(s.n) AS first
            FROM hf.model_cards AS c
            JOIN hf.card_sections AS s ON s.card_sha256 = c.card_sha256
            WHERE c.model_id = $1 AND cardinality(s.heading_path) > 0
            GROUP BY s.heading_path
        ) AS h
    ), '[]')
)::text
WHERE EXISTS (SELECT 1 FROM m)
