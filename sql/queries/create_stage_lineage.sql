CREATE TEMP TABLE stage_lineage (
    model_id      text COLLATE "C" NOT NULL,
    base_model_id text COLLATE "C" NOT NULL,
    relation      text NOT NULL
) ON COMMIT DROP
