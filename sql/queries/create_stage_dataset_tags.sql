CREATE TEMP TABLE stage_dataset_tags (
    model_id   text COLLATE "C" NOT NULL,
    dataset_id text COLLATE "C" NOT NULL
) ON COMMIT DROP
