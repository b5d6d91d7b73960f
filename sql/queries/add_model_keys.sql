-- Codes for models ranked for the first time ($1, in rank order: a ranking's codes then lie
-- close together and delta-code small), first ranked by run $2. The caller looked them up
-- first, and holds the writer lease: no conflict to handle (a plain insert is the cheapest).
INSERT INTO hf.model_keys (model_id, first_run_id)
SELECT u.model_id, $2
FROM unnest($1::text[]) WITH ORDINALITY AS u (model_id, n)
ORDER BY u.n
RETURNING model_id, model_key
