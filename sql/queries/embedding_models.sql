-- The embedding models that have vectors, with how many sections each.
SELECT e.model, count(*) AS sections
FROM hf.section_embeddings AS e
GROUP BY e.model
ORDER BY e.model
