-- Semantic search's share of the database: the vectors' table with its index, and per card.
SELECT pg_total_relation_size(c.oid) AS bytes,
       (SELECT count(DISTINCT card_sha256) FROM hf.section_embeddings) AS texts
FROM pg_catalog.pg_class AS c
WHERE c.oid = to_regclass('hf.section_embeddings')
