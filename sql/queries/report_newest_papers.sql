-- The newest papers behind the ranked models ($1 rows): their pages (where
-- --papers-budget fetched them), and how many ranked models name each.
SELECT p.arxiv_id, p.title, p.published_at::date AS published, p.upvotes,
       count(DISTINCT mp.model_id) AS models
FROM hf.papers AS p
JOIN hf.model_papers AS mp ON mp.arxiv_id = p.arxiv_id
WHERE EXISTS (SELECT 1 FROM hf.model_tasks AS t WHERE t.model_id = mp.model_id)
GROUP BY p.arxiv_id, p.title, p.published_at, p.upvotes
ORDER BY p.published_at DESC NULLS LAST, p.arxiv_id
LIMIT $1
