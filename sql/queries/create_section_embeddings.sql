-- Semantic search's store, made by `hf-crawl embed` (pgvector is an extension a server may
-- lack, so no migration requires it): one vector a card section per embedding model, under
-- an HNSW index for cosine distance. {dims} is the first vector's length.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'vector') THEN
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'extensions') THEN
            CREATE EXTENSION vector WITH SCHEMA extensions;  -- where Supabase keeps them
        ELSE
            CREATE EXTENSION vector;
        END IF;
    END IF;
END
$$;
CREATE TABLE IF NOT EXISTS hf.section_embeddings (
    card_sha256 text NOT NULL,
    n           integer NOT NULL,
    model       text NOT NULL,
    embedding   vector({dims}) NOT NULL,
    PRIMARY KEY (card_sha256, n, model),
    FOREIGN KEY (card_sha256, n) REFERENCES hf.card_sections (card_sha256, n) ON DELETE CASCADE
);
ALTER TABLE hf.section_embeddings ENABLE ROW LEVEL SECURITY;
CREATE INDEX IF NOT EXISTS idx_section_embeddings_hnsw
    ON hf.section_embeddings USING hnsw (embedding vector_cosine_ops);
