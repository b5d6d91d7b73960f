CREATE TABLE IF NOT EXISTS hf.schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    sha256     text
)
