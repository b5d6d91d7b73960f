-- The arXiv ids the staged models' tags name (`arxiv:<id>`) become their rows: ids no
-- longer named leave, new ones are inserted. Returns "INSERT 0 n".
WITH named AS (
    SELECT DISTINCT s.model_id, substr(t.tag, length('arxiv:') + 1) AS arxiv_id
    FROM stage_models AS s
    CROSS JOIN LATERAL jsonb_array_elements_text(s.tags) AS t (tag)
    WHERE s.tags::text LIKE '%arxiv:_%' AND t.tag LIKE 'arxiv:_%'
),
gone AS (
    DELETE FROM hf.model_papers AS p
    USING stage_models AS s
    WHERE p.model_id = s.model_id
      AND NOT EXISTS (
          SELECT 1 FROM named AS n WHERE n.model_id = p.model_id AND n.arxiv_id = p.arxiv_id
      )
)
INSERT INTO hf.model_papers (model_id, arxiv_id)
SELECT model_id, arxiv_id FROM named
ON CONFLICT DO NOTHING
