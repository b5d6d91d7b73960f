-- Every fetched paper page.
SELECT arxiv_id, title, to_jsonb(authors) AS authors, published_at, upvotes, summary,
       github_repo, github_stars, fetched_at
FROM hf.papers
ORDER BY arxiv_id
