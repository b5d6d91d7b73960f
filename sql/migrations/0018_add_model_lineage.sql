-- Lineage: which models a model derives from, read from its tags. The Hub tags a derived
-- model `base_model:<id>` and, when the card says how, `base_model:<relation>:<id>` with
-- relation finetune, adapter, quantized or merge (a merge names several bases). One row per
-- edge; a base the catalogue does not hold stays an id. Every merge of models keeps the
-- edges of the models it stages in step with their tags.
CREATE TABLE hf.model_lineage (
    model_id      text COLLATE "C" NOT NULL REFERENCES hf.models (model_id) ON DELETE CASCADE,
    base_model_id text COLLATE "C" NOT NULL,
    relation      text NOT NULL
        CHECK (relation IN ('finetune', 'adapter', 'quantized', 'merge', 'unspecified')),
    PRIMARY KEY (model_id, base_model_id, relation)
);
CREATE INDEX idx_model_lineage_base ON hf.model_lineage (base_model_id);
ALTER TABLE hf.model_lineage ENABLE ROW LEVEL SECURITY;

-- The edges a model's tags give: `base_model:<relation>:<id>` for a known relation, else
-- `base_model:<id>` as `unspecified` unless the same base has a known relation already.
-- The crawler computes the same edges (hf_crawler/store/lineage.py; a test holds them equal).
CREATE FUNCTION hf.lineage_from_tags(tags jsonb)
RETURNS TABLE (base_model_id text, relation text)
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    WITH said AS (
        SELECT CASE WHEN split_part(rest, ':', 1) IN ('finetune', 'adapter', 'quantized', 'merge')
                    THEN substr(rest, length(split_part(rest, ':', 1)) + 2) ELSE rest END AS base,
               CASE WHEN split_part(rest, ':', 1) IN ('finetune', 'adapter', 'quantized', 'merge')
                    THEN split_part(rest, ':', 1) ELSE 'unspecified' END AS relation
        FROM (
            SELECT substr(t.tag, length('base_model:') + 1) AS rest
            FROM jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(tags) = 'array' THEN tags ELSE '[]'::jsonb END
            ) AS t (tag)
            WHERE t.tag LIKE 'base_model:%'
        ) AS tagged
    )
    SELECT DISTINCT s.base, s.relation
    FROM said AS s
    WHERE s.base <> '' AND position(':' IN s.base) = 0
      AND NOT (s.relation = 'unspecified'
               AND EXISTS (SELECT 1 FROM said AS o
                           WHERE o.base = s.base AND o.relation <> 'unspecified'))
$$;

INSERT INTO hf.model_lineage (model_id, base_model_id, relation)
SELECT m.model_id, l.base_model_id, l.relation
FROM hf.models AS m
CROSS JOIN LATERAL hf.lineage_from_tags(m.tags) AS l
WHERE m.tags::text LIKE '%base_model:%';

-- Everything `model_id` derives from, nearest first: each edge with its depth (1: a direct
-- base). A cycle in the tags ends where it would come back to a model already on the path.
CREATE FUNCTION hf.lineage_ancestors(target text)
RETURNS TABLE (model_id text, base_model_id text, relation text, depth integer)
LANGUAGE sql STABLE SET search_path = '' AS $$
    WITH RECURSIVE up (model_id, base_model_id, relation, depth, path) AS (
        SELECT l.model_id, l.base_model_id, l.relation, 1, ARRAY[l.model_id, l.base_model_id]
        FROM hf.model_lineage AS l
        WHERE l.model_id = target
        UNION ALL
        SELECT l.model_id, l.base_model_id, l.relation, up.depth + 1,
               up.path || l.base_model_id
        FROM up
        JOIN hf.model_lineage AS l ON l.model_id = up.base_model_id
        WHERE l.base_model_id <> ALL (up.path)
    )
    SELECT up.model_id, up.base_model_id, up.relation, up.depth FROM up
    ORDER BY up.depth, up.model_id, up.base_model_id, up.relation
$$;

-- Everything derived from `model_id`, nearest first, with depth (1: built on it directly).
CREATE FUNCTION hf.lineage_descendants(target text)
RETURNS TABLE (model_id text, base_model_id text, relation text, depth integer)
LANGUAGE sql STABLE SET search_path = '' AS $$
    WITH RECURSIVE down (model_id, base_model_id, relation, depth, path) AS (
        SELECT l.model_id, l.base_model_id, l.relation, 1, ARRAY[l.base_model_id, l.model_id]
        FROM hf.model_lineage AS l
        WHERE l.base_model_id = target
        UNION ALL
        SELECT l.model_id, l.base_model_id, l.relation, down.depth + 1,
               down.path || l.model_id
        FROM down
        JOIN hf.model_lineage AS l ON l.base_model_id = down.model_id
        WHERE l.model_id <> ALL (down.path)
    )
    SELECT down.model_id, down.base_model_id, down.relation, down.depth FROM down
    ORDER BY down.depth, down.model_id, down.base_model_id, down.relation
$$;

-- The bases with the most models built directly on them, by relation; whether the
-- catalogue holds the base itself.
CREATE VIEW hf.lineage_families WITH (security_invoker = on) AS
SELECT l.base_model_id,
       count(DISTINCT l.model_id) AS derived_models,
       count(*) FILTER (WHERE l.relation = 'finetune') AS finetunes,
       count(*) FILTER (WHERE l.relation = 'adapter') AS adapters,
       count(*) FILTER (WHERE l.relation = 'quantized') AS quantized,
       count(*) FILTER (WHERE l.relation = 'merge') AS merges,
       count(*) FILTER (WHERE l.relation = 'unspecified') AS unspecified,
       EXISTS (SELECT 1 FROM hf.models AS m WHERE m.model_id = l.base_model_id) AS in_catalogue
FROM hf.model_lineage AS l
GROUP BY l.base_model_id;
