-- One writer per schema. A crawl takes the lease before it writes anything, renews it while
-- it runs and releases it at the end; a lease not renewed for a while has expired and may
-- be taken over. A plain row, not a session advisory lock, so it works through a
-- transaction pooler (Supabase's port 6543, PgBouncer).
CREATE TABLE hf.writer_lease (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    token      text NOT NULL,          -- the holder's random id; only it renews or releases
    holder     text NOT NULL,          -- host:pid, for the message a second crawl prints
    run_id     bigint REFERENCES hf.crawl_runs (run_id) ON DELETE SET NULL,
    taken_at   timestamptz NOT NULL DEFAULT now(),
    renewed_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE hf.writer_lease ENABLE ROW LEVEL SECURITY;

-- The phase a failed run failed in (connecting, listing tasks, crawling, ...).
ALTER TABLE hf.crawl_runs ADD COLUMN failed_phase text;

-- Operational tables are marked so the exposure rule never exposes them.
COMMENT ON TABLE hf.writer_lease IS 'operational: who may write now';
COMMENT ON TABLE hf.exposure IS 'operational: which roles may read';
COMMENT ON TABLE hf.schema_migrations IS 'operational: migrations applied';

CREATE OR REPLACE FUNCTION hf.grant_reading(target_schema text, role_name text, include_runs boolean)
RETURNS void LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    item record;
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', target_schema, role_name);
    FOR item IN
        SELECT c.relname, c.relkind FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = target_schema AND c.relkind IN ('r', 'v', 'm')
          AND coalesce(pg_catalog.obj_description(c.oid, 'pg_class'), '') NOT LIKE 'operational:%'
    LOOP
        IF item.relname = 'crawl_runs' AND NOT include_runs THEN
            EXECUTE format('REVOKE SELECT ON %I.crawl_runs FROM %I', target_schema, role_name);
            EXECUTE format('GRANT SELECT (run_id, started_at, finished_at, status, mode, since_at)'
                           ' ON %I.crawl_runs TO %I', target_schema, role_name);
        ELSE
            EXECUTE format('GRANT SELECT ON %I.%I TO %I', target_schema, item.relname, role_name);
        END IF;
        IF item.relkind = 'r' AND NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_policies AS p
            WHERE p.schemaname = target_schema AND p.tablename = item.relname
              AND p.policyname = 'read: ' || role_name
        ) THEN
            EXECUTE format('CREATE POLICY %I ON %I.%I FOR SELECT TO %I USING (true)',
                           'read: ' || role_name, target_schema, item.relname, role_name);
        END IF;
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS signature FROM pg_catalog.pg_proc AS p
        JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
        WHERE n.nspname = target_schema
          AND p.proname NOT IN ('apply_exposure', 'grant_reading', 'revoke_reading')
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', item.signature, role_name);
    END LOOP;
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I',
                   target_schema, role_name);
END
$$;
