CREATE TEMP TABLE stage_cards (
    model_id    text COLLATE "C" NOT NULL,
    revision    text,
    card_sha256 text,
    status      text NOT NULL,
    bytes       bigint,
    text        text,
    meta        jsonb,
    meta_status text,
    meta_error  text
) ON COMMIT DROP
