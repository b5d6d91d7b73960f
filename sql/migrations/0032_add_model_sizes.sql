-- A model's size, from the same listing requests (`expand=safetensors,gguf`): its
-- parameter count (safetensors' total as served, else the GGUF file's), where that count
-- came from, safetensors' parameters by dtype, and the GGUF file's architecture and context
-- length. Absent is NULL, never 0. Columns without a default: no table rewrite.
ALTER TABLE hf.models
    ADD COLUMN params_total        bigint,
    ADD COLUMN params_source       text CHECK (params_source IN ('safetensors', 'gguf')),
    ADD COLUMN params_by_dtype     jsonb,
    ADD COLUMN gguf_architecture   text,
    ADD COLUMN gguf_context_length integer;

COMMENT ON COLUMN hf.models.params_total IS
    'Its parameter count: the safetensors total as the Hub serves it, else the GGUF file''s total; NULL when the Hub gives neither. A quantized repository''s safetensors count is of its packed weights (see params_by_dtype).';
COMMENT ON COLUMN hf.models.params_source IS 'Where params_total comes from: safetensors or gguf.';
COMMENT ON COLUMN hf.models.params_by_dtype IS
    'Its safetensors parameters by dtype ({"BF16": 8030261248}); I32 counts are usually packed 4-bit weights.';
COMMENT ON COLUMN hf.models.gguf_architecture IS 'The architecture its GGUF file names (llama, qwen2, ...).';
COMMENT ON COLUMN hf.models.gguf_context_length IS 'The context length its GGUF file names, in tokens.';
