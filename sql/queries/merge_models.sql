-- Upsert the staged models (one row per model). A row is rewritten only when a field
-- changed, or to store the snapshot code of a model that had none: an unchanged row keeps
-- its version, so a rerun leaves nothing for vacuum (a full walk stamps what it saw apart,
-- with stamp_seen.sql). A model's code, once given, stays. Returns the counts.
WITH merged AS (
    INSERT INTO hf.models AS m (
        model_id, hub_id, license, likes, downloads, last_modified, tags, pipeline_tag,
        library_name, author, created_at_hub, trending_score, downloads_all_time, gated, private,
        sha, model_key, first_run_id
    )
    SELECT
        s.model_id, s.hub_id, s.license, s.likes, s.downloads, s.last_modified, to_jsonb(s.tags),
        s.pipeline_tag, s.library_name, s.author, s.created_at_hub, s.trending_score,
        s.downloads_all_time, s.gated, s.private, s.sha, s.model_key, s.first_run_id
    FROM stage_models AS s
    ON CONFLICT (model_id) DO UPDATE SET
        hub_id = excluded.hub_id,
        license = excluded.license,
        likes = excluded.likes,
        downloads = excluded.downloads,
        last_modified = excluded.last_modified,
        tags = excluded.tags,
        pipeline_tag = excluded.pipeline_tag,
        library_name = excluded.library_name,
        author = excluded.author,
        created_at_hub = excluded.created_at_hub,
        trending_score = excluded.trending_score,
        downloads_all_time = excluded.downloads_all_time,
        gated = excluded.gated,
        private = excluded.private,
        sha = excluded.sha,
        model_key = coalesce(m.model_key, excluded.model_key),
        first_run_id = coalesce(m.first_run_id, excluded.first_run_id),
        updated_at = now(),
        last_synced_at = now()
    WHERE (m.hub_id, m.license, m.likes, m.downloads, m.last_modified, m.tags, m.pipeline_tag,
           m.library_name, m.author, m.created_at_hub, m.trending_score, m.downloads_all_time,
           m.gated, m.private, m.sha)
          IS DISTINCT FROM
          (excluded.hub_id, excluded.license, excluded.likes, excluded.downloads,
           excluded.last_modified, excluded.tags, excluded.pipeline_tag, excluded.library_name,
           excluded.author, excluded.created_at_hub, excluded.trending_score,
           excluded.downloads_all_time, excluded.gated, excluded.private, excluded.sha)
       OR (m.model_key IS NULL AND excluded.model_key IS NOT NULL)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted,
       count(*) FILTER (WHERE NOT inserted) AS changed,
       (SELECT count(*) FROM stage_models) AS seen
FROM merged
