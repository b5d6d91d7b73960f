-- The vectors' table, once no model has vectors in it: the next `embed` makes it anew, of
-- that model's length.
DROP TABLE IF EXISTS hf.section_embeddings
