-- Remember which roles the catalogue is exposed to ($1 roles, $2 whether with the run log).
INSERT INTO hf.exposure (role_name, include_runs)
SELECT r, $2 FROM unnest($1::text[]) AS r
ON CONFLICT (role_name) DO UPDATE SET include_runs = excluded.include_runs
