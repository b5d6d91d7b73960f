-- The length of the vectors the table holds (pgvector keeps it as the column's typmod).
SELECT a.atttypmod AS dims
FROM pg_catalog.pg_attribute AS a
WHERE a.attrelid = to_regclass('hf.section_embeddings') AND a.attname = 'embedding'
