-- The staged models' lineage becomes what their tags state now, by the one rule of
-- hf.lineage_from_tags: edges no longer stated leave, new ones are inserted (most models
-- state none, and their tags are not read further). Returns "INSERT 0 n".
WITH stated AS (
    SELECT s.model_id, e.base_model_id, e.relation
    FROM stage_models AS s
    CROSS JOIN LATERAL hf.lineage_from_tags(s.tags) AS e
    WHERE s.tags::text LIKE '%base_model:%'
),
gone AS (
    DELETE FROM hf.model_lineage AS l
    USING stage_models AS s
    WHERE l.model_id = s.model_id
      AND NOT EXISTS (
          SELECT 1 FROM stated AS e
          WHERE e.model_id = l.model_id
            AND e.base_model_id = l.base_model_id
            AND e.relation = l.relation
      )
)
INSERT INTO hf.model_lineage (model_id, base_model_id, relation)
SELECT model_id, base_model_id, relation FROM stated
ON CONFLICT DO NOTHING
