-- Fetched details ($1 ids, $2 storage, $3 relations, $4 base models as JSON arrays, $5
-- children counts): each model's row written anew.
INSERT INTO hf.model_details AS d
    (model_id, used_storage, base_relation, base_models, children_count, fetched_at)
SELECT u.model_id, u.used_storage, u.base_relation,
       CASE WHEN u.base_models IS NOT NULL
            THEN ARRAY(SELECT jsonb_array_elements_text(u.base_models::jsonb)) END,
       u.children_count, now()
FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::integer[])
     AS u (model_id, used_storage, base_relation, base_models, children_count)
ON CONFLICT (model_id) DO UPDATE SET
    used_storage = excluded.used_storage,
    base_relation = excluded.base_relation,
    base_models = excluded.base_models,
    children_count = excluded.children_count,
    fetched_at = excluded.fetched_at
