-- The papers behind a model: the arXiv ids its tags name (`arxiv:<id>`, which the Hub
-- derives from the card's links to arxiv.org), read from the stored tags when asked: kept
-- as a table by every merge, they cost a 40-task crawl 0.13 to 0.2 s more Postgres time
-- (bench/statement_times.py), for tags that rarely change; a view costs a crawl nothing.
CREATE VIEW hf.model_papers WITH (security_invoker = on) AS
SELECT DISTINCT m.model_id, substr(t.tag, length('arxiv:') + 1) AS arxiv_id
FROM hf.models AS m
CROSS JOIN LATERAL jsonb_array_elements_text(m.tags) AS t (tag)
WHERE m.tags::text LIKE '%arxiv:_%' AND t.tag LIKE 'arxiv:_%';

COMMENT ON VIEW hf.model_papers IS 'The arXiv ids each model''s tags name (arxiv:<id>), read from its stored tags.';
COMMENT ON COLUMN hf.model_papers.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_papers.arxiv_id IS 'An arXiv id its tags name, as written (2106.09685).';
