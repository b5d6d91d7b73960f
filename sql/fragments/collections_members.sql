-- The rankings a collection is in: none derived from stored rows (collections are ranked
-- from their own sorted listing in every mode).
CROSS JOIN LATERAL (SELECT 'upvotes'::text WHERE false) AS member (ranking)
