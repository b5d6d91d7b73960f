-- A migrations log written before hashes were recorded gets the column; its rows are
-- filled with the files' hashes on this upgrade. Looked up first: ALTER TABLE would take
-- an exclusive lock on the log on every run, even with IF NOT EXISTS.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_attribute
        WHERE attrelid = 'hf.schema_migrations'::regclass
          AND attname = 'sha256'
          AND NOT attisdropped
    ) THEN
        ALTER TABLE hf.schema_migrations ADD COLUMN sha256 text;
    END IF;
END
$$
