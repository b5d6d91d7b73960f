-- Whether `hf-crawl embed` has made the vectors' table yet.
SELECT to_regclass('hf.section_embeddings') IS NOT NULL
