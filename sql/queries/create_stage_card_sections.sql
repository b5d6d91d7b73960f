CREATE TEMP TABLE stage_card_sections (
    card_sha256  text NOT NULL,
    n            integer NOT NULL,
    heading_path text[] NOT NULL,
    text         text NOT NULL
) ON COMMIT DROP
