-- The papers behind the ranked repos: a dataset's arXiv ids from its tags (as models'
-- are, hf.model_papers), and each paper's page (GET /api/papers/{id}) fetched within a
-- request budget (--papers-budget), again when older than a week. An id with no paper
-- page has no row in hf.papers; hf.paper_misses remembers it was asked, so it is asked
-- again at most weekly.
CREATE VIEW hf.dataset_papers WITH (security_invoker = on) AS
SELECT DISTINCT d.dataset_id, substr(t.tag, length('arxiv:') + 1) AS arxiv_id
FROM hf.datasets AS d
CROSS JOIN LATERAL jsonb_array_elements_text(d.tags) AS t (tag)
WHERE d.tags::text LIKE '%arxiv:_%' AND t.tag LIKE 'arxiv:_%';

CREATE TABLE hf.papers (
    arxiv_id     text PRIMARY KEY COLLATE "C",
    title        text,
    authors      text[],
    published_at timestamptz,
    upvotes      integer,
    summary      text,
    github_repo  text,
    github_stars integer,
    fetched_at   timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE hf.papers ENABLE ROW LEVEL SECURITY;

CREATE TABLE hf.paper_misses (
    arxiv_id text PRIMARY KEY COLLATE "C",
    asked_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE hf.paper_misses ENABLE ROW LEVEL SECURITY;

COMMENT ON VIEW hf.dataset_papers IS 'The arXiv ids each dataset''s tags name (arxiv:<id>), read from its stored tags.';
COMMENT ON COLUMN hf.dataset_papers.dataset_id IS 'The dataset.';
COMMENT ON COLUMN hf.dataset_papers.arxiv_id IS 'An arXiv id its tags name.';
COMMENT ON TABLE hf.papers IS 'The paper pages (GET /api/papers/{id}) of the ranked models'' and datasets'' arXiv ids, fetched within --papers-budget requests a run.';
COMMENT ON COLUMN hf.papers.arxiv_id IS 'The arXiv id.';
COMMENT ON COLUMN hf.papers.title IS 'Its title.';
COMMENT ON COLUMN hf.papers.authors IS 'Its authors'' names, in order.';
COMMENT ON COLUMN hf.papers.published_at IS 'When it was published.';
COMMENT ON COLUMN hf.papers.upvotes IS 'Its upvotes on the Hub''s paper page.';
COMMENT ON COLUMN hf.papers.summary IS 'Its abstract.';
COMMENT ON COLUMN hf.papers.github_repo IS 'Its GitHub repository, when the page names one.';
COMMENT ON COLUMN hf.papers.github_stars IS 'That repository''s stars.';
COMMENT ON COLUMN hf.papers.fetched_at IS 'When it was fetched; a week later it is due again.';
COMMENT ON TABLE hf.paper_misses IS 'arXiv ids the Hub has no paper page for (404), with when they were asked: asked again a week later.';
COMMENT ON COLUMN hf.paper_misses.arxiv_id IS 'The arXiv id.';
COMMENT ON COLUMN hf.paper_misses.asked_at IS 'When the Hub last answered 404 for it.';
