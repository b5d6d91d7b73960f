-- Dataset cards, in the text store model cards use (hf.card_texts: a text shared by a model
-- and a dataset is one row, split and parsed once): where each ranked dataset's card stands.
CREATE TABLE hf.dataset_cards (
    dataset_id  text COLLATE "C" PRIMARY KEY REFERENCES hf.datasets (dataset_id) ON DELETE CASCADE,
    revision    text,
    card_sha256 text REFERENCES hf.card_texts (card_sha256),
    status      text NOT NULL CHECK (status IN ('ok', 'missing', 'too_large', 'gated', 'error')),
    bytes       bigint,
    fetched_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE hf.dataset_cards ENABLE ROW LEVEL SECURITY;
