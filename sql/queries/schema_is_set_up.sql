-- Whether schema $1 holds the migrations log, found without writing (a role that may only
-- read can ask).
SELECT to_regclass(format('%I.schema_migrations', $1::text)) IS NOT NULL
