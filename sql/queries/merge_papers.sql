-- Fetched paper pages ($1 ids, $2 titles, $3 authors as JSON arrays, $4 publication
-- times, $5 upvotes, $6 summaries, $7 GitHub repositories, $8 their stars): each paper's
-- row written anew; an id found now is no longer a miss.
WITH found AS (
    INSERT INTO hf.papers AS p
        (arxiv_id, title, authors, published_at, upvotes, summary, github_repo, github_stars,
         fetched_at)
    SELECT u.arxiv_id, u.title,
           CASE WHEN u.authors IS NOT NULL
                THEN ARRAY(SELECT jsonb_array_elements_text(u.authors::jsonb)) END,
           u.published_at, u.upvotes, u.summary, u.github_repo, u.github_stars, now()
    FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::integer[],
                $6::text[], $7::text[], $8::integer[])
         AS u (arxiv_id, title, authors, published_at, upvotes, summary, github_repo,
               github_stars)
    ON CONFLICT (arxiv_id) DO UPDATE SET
        title = excluded.title,
        authors = excluded.authors,
        published_at = excluded.published_at,
        upvotes = excluded.upvotes,
        summary = excluded.summary,
        github_repo = excluded.github_repo,
        github_stars = excluded.github_stars,
        fetched_at = excluded.fetched_at
    RETURNING p.arxiv_id
)
DELETE FROM hf.paper_misses AS x USING found AS f WHERE x.arxiv_id = f.arxiv_id
