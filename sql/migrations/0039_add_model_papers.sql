-- The papers behind a model: the arXiv ids its tags name (`arxiv:<id>`, which the Hub
-- derives from the card's links to arxiv.org), replaced by every merge of the model as
-- its dataset tags are; free, they come with the listing.
CREATE TABLE hf.model_papers (
    model_id text COLLATE "C" NOT NULL REFERENCES hf.models (model_id) ON DELETE CASCADE,
    arxiv_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (model_id, arxiv_id)
);
CREATE INDEX idx_model_papers_arxiv ON hf.model_papers (arxiv_id);
ALTER TABLE hf.model_papers ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE hf.model_papers IS 'The arXiv ids each model''s tags name (arxiv:<id>).';
COMMENT ON COLUMN hf.model_papers.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_papers.arxiv_id IS 'An arXiv id its tags name, as written (2106.09685).';

-- The models stored before: their tags read once.
INSERT INTO hf.model_papers (model_id, arxiv_id)
SELECT DISTINCT m.model_id, substr(t.tag, length('arxiv:') + 1)
FROM hf.models AS m
CROSS JOIN LATERAL jsonb_array_elements_text(m.tags) AS t (tag)
WHERE m.tags::text LIKE '%arxiv:_%' AND t.tag LIKE 'arxiv:_%';
