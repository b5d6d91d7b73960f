-- Upsert the staged datasets. A row is rewritten only when a field changed: an unchanged
-- row keeps its version, so a rerun leaves nothing for vacuum. Returns "INSERT 0 n".
INSERT INTO hf.datasets AS d (
    dataset_id, hub_id, author, license, likes, downloads, downloads_all_time, trending_score,
    tags, task_categories, languages, size_category, gated, private, sha, created_at_hub,
    last_modified
)
SELECT
    s.dataset_id, s.hub_id, s.author, s.license, s.likes, s.downloads, s.downloads_all_time,
    s.trending_score, to_jsonb(s.tags), s.task_categories, s.languages, s.size_category,
    s.gated, s.private, s.sha, s.created_at_hub, s.last_modified
FROM stage_datasets AS s
ON CONFLICT (dataset_id) DO UPDATE SET
    hub_id = excluded.hub_id,
    author = excluded.author,
    license = excluded.license,
    likes = excluded.likes,
    downloads = excluded.downloads,
    downloads_all_time = excluded.downloads_all_time,
    trending_score = excluded.trending_score,
    tags = excluded.tags,
    task_categories = excluded.task_categories,
    languages = excluded.languages,
    size_category = excluded.size_category,
    gated = excluded.gated,
    private = excluded.private,
    sha = excluded.sha,
    created_at_hub = excluded.created_at_hub,
    last_modified = excluded.last_modified,
    updated_at = now(),
    last_synced_at = now()
WHERE (d.hub_id, d.author, d.license, d.likes, d.downloads, d.downloads_all_time,
       d.trending_score, d.tags, d.task_categories, d.languages, d.size_category, d.gated,
       d.private, d.sha, d.created_at_hub, d.last_modified)
      IS DISTINCT FROM
      (excluded.hub_id, excluded.author, excluded.license, excluded.likes, excluded.downloads,
       excluded.downloads_all_time, excluded.trending_score, excluded.tags,
       excluded.task_categories, excluded.languages, excluded.size_category, excluded.gated,
       excluded.private, excluded.sha, excluded.created_at_hub, excluded.last_modified)
