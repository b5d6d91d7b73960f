-- arXiv ids ($1) the Hub has no paper page for (404): remembered with when they were
-- asked, so they are asked again at most weekly; a paper stored before is gone with it.
WITH gone AS (
    DELETE FROM hf.papers AS p WHERE p.arxiv_id = ANY ($1::text[])
)
INSERT INTO hf.paper_misses AS x (arxiv_id, asked_at)
SELECT DISTINCT u.arxiv_id, now() FROM unnest($1::text[]) AS u (arxiv_id)
ON CONFLICT (arxiv_id) DO UPDATE SET asked_at = excluded.asked_at
