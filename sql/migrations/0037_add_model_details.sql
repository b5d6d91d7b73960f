-- What the Hub tells only per model (`GET /api/models/{id}` with `expand` usedStorage,
-- baseModels, childrenModelCount; the listing refuses these), fetched for the best-ranked
-- models within a request budget (`--details-budget`, off by default), again when older
-- than a week. A model's children counted from the catalogue's own lineage need none of
-- this (hf.model_lineage); these are the Hub's own figures beside them.
CREATE TABLE hf.model_details (
    model_id       text PRIMARY KEY COLLATE "C",
    used_storage   bigint,
    base_relation  text,
    base_models    text[],
    children_count integer,
    fetched_at     timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE hf.model_details ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE hf.model_details IS
    'What the Hub gives only per model (GET /api/models/{id}), for the best-ranked models within --details-budget requests a run.';
COMMENT ON COLUMN hf.model_details.model_id IS 'The model.';
COMMENT ON COLUMN hf.model_details.used_storage IS 'Bytes its repository uses on the Hub (usedStorage).';
COMMENT ON COLUMN hf.model_details.base_relation IS 'How it derives from its base models, as the Hub says (baseModels.relation: finetune, adapter, quantized, merge).';
COMMENT ON COLUMN hf.model_details.base_models IS 'Its base models as the Hub lists them (baseModels.models[].id).';
COMMENT ON COLUMN hf.model_details.children_count IS 'How many models name it as their base, as the Hub counts them (childrenModelCount).';
COMMENT ON COLUMN hf.model_details.fetched_at IS 'When it was fetched; a week later it is due again.';
