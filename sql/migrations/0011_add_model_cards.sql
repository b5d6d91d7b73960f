-- Model cards: each ranked model's README.md, fetched from the Hub's file resolver. The
-- listing's `sha` is the repo's current commit; a card is fetched again only when it moved.
-- Each distinct text is kept once (card_texts), keyed by the sha256 of the bytes served.
ALTER TABLE hf.models ADD COLUMN sha text;

CREATE TABLE hf.card_texts (
    card_sha256 text PRIMARY KEY,
    text        text NOT NULL
);

CREATE TABLE hf.model_cards (
    model_id    text PRIMARY KEY REFERENCES hf.models (model_id) ON DELETE CASCADE,
    revision    text,                -- the commit the card was read at (X-Repo-Commit)
    card_sha256 text REFERENCES hf.card_texts (card_sha256),
    status      text NOT NULL CHECK (status IN ('ok', 'missing', 'too_large', 'gated', 'error')),
    bytes       bigint,
    fetched_at  timestamptz NOT NULL DEFAULT now()
);
-- A card's history is its revision chain: one row per commit it was read at, pointing at
-- the text by hash (a text is never copied).
CREATE TABLE hf.card_history (
    model_id    text NOT NULL REFERENCES hf.models (model_id) ON DELETE CASCADE,
    revision    text NOT NULL,
    card_sha256 text REFERENCES hf.card_texts (card_sha256),
    status      text NOT NULL,
    fetched_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, revision)
);
ALTER TABLE hf.card_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE hf.card_texts ENABLE ROW LEVEL SECURITY;
ALTER TABLE hf.model_cards ENABLE ROW LEVEL SECURITY;

CREATE VIEW hf.model_card_texts WITH (security_invoker = on) AS
SELECT c.model_id, c.revision, c.status, c.bytes, c.fetched_at, c.card_sha256, t.text
FROM hf.model_cards AS c
LEFT JOIN hf.card_texts AS t ON t.card_sha256 = c.card_sha256;
