SELECT r AS role_name FROM unnest($1::text[]) AS r
WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS p WHERE p.rolname = r)
