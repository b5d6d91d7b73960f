-- The papers a run fetches first: the arXiv ids the ranked models' and datasets' tags
-- name, never fetched or fetched over a week ago, and not found by a request in the last
-- week (an id without a paper page is asked again at most weekly); best rank of a repo
-- naming it first, at most $1. Only a tag that is an arXiv id (2106.09685, or the old
-- hep-th/9901001) is asked for: a tag is text anyone writes, and it becomes a path.
WITH wanted AS (
    SELECT p.arxiv_id, t.rank_in_task AS best
    FROM hf.model_papers AS p
    JOIN hf.model_tasks AS t ON t.model_id = p.model_id
    UNION ALL
    SELECT p.arxiv_id, t.rank_in_task
    FROM hf.dataset_papers AS p
    JOIN hf.dataset_tasks AS t ON t.dataset_id = p.dataset_id
)
SELECT w.arxiv_id
FROM wanted AS w
LEFT JOIN hf.papers AS p ON p.arxiv_id = w.arxiv_id
LEFT JOIN hf.paper_misses AS x ON x.arxiv_id = w.arxiv_id
WHERE w.arxiv_id ~ '^([0-9]{4}\.[0-9]{4,5}|[a-z-]+(\.[A-Z]{2})?/[0-9]{7})$'  -- an id, not a path
  AND (p.arxiv_id IS NULL OR p.fetched_at < now() - interval '7 days')
  AND (x.arxiv_id IS NULL OR x.asked_at < now() - interval '7 days')
GROUP BY w.arxiv_id
ORDER BY min(w.best), w.arxiv_id
LIMIT $1
