-- The rankings a Space is in: none derived from stored rows (a full-Hub walk lists
-- models; Spaces are ranked from their own sorted listing in every mode).
CROSS JOIN LATERAL (SELECT 'likes'::text WHERE false) AS member (ranking)
