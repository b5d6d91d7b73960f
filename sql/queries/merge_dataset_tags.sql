-- The datasets the staged models' tags name (`dataset:<id>`) become their rows: datasets
-- no longer named leave, new ones are inserted (ids the catalogue does not hold are kept
-- as ids). Returns "INSERT 0 n".
WITH named AS (
    SELECT DISTINCT s.model_id, substr(t.tag, length('dataset:') + 1) AS dataset_id
    FROM stage_models AS s
    CROSS JOIN LATERAL jsonb_array_elements_text(s.tags) AS t (tag)
    WHERE s.tags::text LIKE '%dataset:_%' AND t.tag LIKE 'dataset:_%'
),
gone AS (
    DELETE FROM hf.model_dataset_tags AS d
    USING stage_models AS s
    WHERE d.model_id = s.model_id
      AND NOT EXISTS (
          SELECT 1 FROM named AS n
          WHERE n.model_id = d.model_id AND n.dataset_id = d.dataset_id
      )
)
INSERT INTO hf.model_dataset_tags (model_id, dataset_id)
SELECT model_id, dataset_id FROM named
ON CONFLICT DO NOTHING
