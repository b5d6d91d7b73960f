CREATE TEMP TABLE stage_cards (
    repo_id     text COLLATE "C" NOT NULL,
    kind        text NOT NULL,  -- model or dataset
    revision    text,
    card_sha256 text,
    status      text NOT NULL,
    bytes       bigint,
    text        text,
    meta        jsonb,
    meta_status text,
    meta_error  text,
    model_index_error text
) ON COMMIT DROP
