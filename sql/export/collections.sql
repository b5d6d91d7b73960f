-- Every stored collection with its rank and upvotes now, or as of a run
-- (hf_crawler.export_run: NULL for a collection that run did not rank).
WITH asked AS (SELECT nullif(current_setting('hf_crawler.export_run', true), '')::bigint AS run),
past AS (SELECT r.* FROM asked AS a CROSS JOIN LATERAL hf.collection_ranking_at(a.run) AS r
         WHERE a.run IS NOT NULL)
SELECT c.slug, c.title, c.owner, c.description, c.private, c.last_updated,
       CASE WHEN a.run IS NULL THEN r.rank ELSE p.rank END AS rank,
       CASE WHEN a.run IS NULL THEN c.upvotes ELSE p.upvotes END AS upvotes,
       c.items_as_of, c.first_run_id, c.updated_at, c.last_synced_at
FROM hf.collections AS c
CROSS JOIN asked AS a
LEFT JOIN hf.collection_ranks AS r ON r.slug = c.slug AND r.ranking = 'upvotes'
LEFT JOIN past AS p ON p.slug = c.slug
ORDER BY c.slug
