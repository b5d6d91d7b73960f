-- Hygiene for a schema that Supabase's Data API (PostgREST) may serve, whether it is
-- exposed or not (the conditions of Supabase's database linter, lints 0010, 0011, 0013,
-- 0028 and 0029):
-- * views run with the rights and row level security of the querying role
--   (security_invoker, PostgreSQL 15+), never of their owner;
-- * functions have a fixed, empty search_path and name every object by its schema; none
--   runs as its owner (no SECURITY DEFINER);
-- * every table has row level security on; its owner (the crawler) is not subject to it
--   and keeps writing; other roles see rows only through a policy `hf-crawl expose` adds;
-- * nothing is executable by PUBLIC until `hf-crawl expose` grants it.
ALTER VIEW hf.covering_runs SET (security_invoker = on);
ALTER VIEW hf.movers_last_two_runs SET (security_invoker = on);
ALTER VIEW hf.task_leaderboard SET (security_invoker = on);
ALTER VIEW hf.top_n_changes SET (security_invoker = on);
ALTER VIEW hf.disappeared_models SET (security_invoker = on);
ALTER FUNCTION hf.ranking_at(bigint) SET search_path = '';
ALTER FUNCTION hf.model_stats_at(bigint) SET search_path = '';
ALTER FUNCTION hf.movers_between(bigint, bigint) SET search_path = '';
ALTER FUNCTION hf.movers_over_days(integer) SET search_path = '';

-- Which roles the catalogue is exposed to (operational: never exposed itself).
CREATE TABLE hf.exposure (
    role_name    text PRIMARY KEY,
    include_runs boolean NOT NULL DEFAULT false,
    exposed_at   timestamptz NOT NULL DEFAULT now()
);

-- Operational tables are marked so the rule below never exposes them.
COMMENT ON TABLE hf.exposure IS 'operational: which roles may read';
COMMENT ON TABLE hf.schema_migrations IS 'operational: migrations applied';

-- Bring the schema's privileges to the rule, idempotently; run after every migration, so
-- tables and functions added later follow it too. Operational tables (commented
-- 'operational: ...') are not exposed; the run log's public facts (when each run
-- started and ended, its mode and status), which the trend views read, are, and the rest
-- of it (parameters, errors, counters, cursors) only with include_runs.
CREATE FUNCTION hf.apply_exposure(target_schema text) RETURNS void
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    item record;
    exposed record;
BEGIN
    FOR item IN
        SELECT c.relname FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = target_schema AND c.relkind = 'r' AND NOT c.relrowsecurity
    LOOP
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', target_schema, item.relname);
    END LOOP;
    EXECUTE format('REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA %I FROM PUBLIC', target_schema);
    FOR exposed IN SELECT role_name, include_runs FROM hf.exposure ORDER BY role_name LOOP
        PERFORM hf.grant_reading(target_schema, exposed.role_name, exposed.include_runs);
    END LOOP;
END
$$;

CREATE FUNCTION hf.grant_reading(target_schema text, role_name text, include_runs boolean)
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

CREATE FUNCTION hf.revoke_reading(target_schema text, role_name text) RETURNS void
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    item record;
BEGIN
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT ON TABLES FROM %I',
                   target_schema, role_name);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', target_schema, role_name);
    EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM %I', target_schema, role_name);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', target_schema, role_name);
    FOR item IN
        SELECT p.tablename FROM pg_catalog.pg_policies AS p
        WHERE p.schemaname = target_schema AND p.policyname = 'read: ' || role_name
    LOOP
        EXECUTE format('DROP POLICY %I ON %I.%I', 'read: ' || role_name, target_schema,
                       item.tablename);
    END LOOP;
    DELETE FROM hf.exposure AS e WHERE e.role_name = revoke_reading.role_name;
END
$$;
