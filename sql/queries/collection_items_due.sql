-- The ranked collections whose items are not stored as of their lastUpdated (never
-- fetched, or changed since), best rank first, at most $1.
SELECT c.slug
FROM hf.collection_ranks AS r
JOIN hf.collections AS c ON c.slug = r.slug
WHERE c.items_as_of IS DISTINCT FROM c.last_updated
ORDER BY r.rank, c.slug
LIMIT $1
