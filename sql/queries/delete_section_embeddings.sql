-- Every vector of embedding model $1; returns "DELETE n".
DELETE FROM hf.section_embeddings WHERE model = $1
