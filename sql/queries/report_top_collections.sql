-- The top collections by upvotes ($1 rows), with how many items they list and how many
-- of those are ranked models.
SELECT c.slug, c.title, c.upvotes, count(i.item_id) AS items,
       count(i.item_id) FILTER (
           WHERE i.item_type = 'model'
             AND EXISTS (SELECT 1 FROM hf.model_tasks AS t WHERE t.model_id = i.item_id)
       ) AS ranked_models
FROM hf.collection_ranks AS r
JOIN hf.collections AS c ON c.slug = r.slug
LEFT JOIN hf.collection_items AS i ON i.slug = c.slug
GROUP BY r.rank, c.slug, c.title, c.upvotes
ORDER BY r.rank
LIMIT $1
