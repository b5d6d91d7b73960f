-- What a card's YAML front matter says, parsed once per distinct text (as huggingface_hub
-- reads it: the block between the leading `---` lines, YAML's safe loader): the data as
-- JSON and how the parse went (`ok`, `none`: no block or an empty one, `invalid` with the
-- parser's words). NULL status: a text stored before this, parsed by the next cards run.
ALTER TABLE hf.card_texts
    ADD COLUMN meta jsonb,
    ADD COLUMN meta_status text CHECK (meta_status IN ('ok', 'none', 'invalid')),
    ADD COLUMN meta_error text;

-- The card's `model-index`: one row per metric of each reported result.
CREATE TABLE hf.card_eval_results (
    card_sha256  text NOT NULL REFERENCES hf.card_texts (card_sha256) ON DELETE CASCADE,
    n            integer NOT NULL,  -- its place in the card
    model_name   text,
    task_type    text,
    dataset_id   text,              -- `dataset.type`: the dataset's Hub id
    dataset_name text,
    metric_type  text,
    metric_name  text,
    value        double precision,
    value_text   text,              -- the value as written when it is no number
    verified     boolean,
    PRIMARY KEY (card_sha256, n)
);
ALTER TABLE hf.card_eval_results ENABLE ROW LEVEL SECURITY;

CREATE VIEW hf.eval_results WITH (security_invoker = on) AS
SELECT c.model_id, e.model_name, e.task_type, e.dataset_id, e.dataset_name, e.metric_type,
       e.metric_name, e.value, e.value_text, e.verified
FROM hf.model_cards AS c
JOIN hf.card_eval_results AS e USING (card_sha256);
