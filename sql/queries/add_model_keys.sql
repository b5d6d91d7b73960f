-- Codes for models ranked for the first time ($1, in rank order: a ranking's codes then lie
-- close together and delta-code small), first ranked by run $2.
INSERT INTO hf.model_keys (model_id, first_run_id)
SELECT u.model_id, $2
FROM unnest($1::text[]) WITH ORDINALITY AS u (model_id, n)
ORDER BY u.n
ON CONFLICT (model_id) DO NOTHING
RETURNING model_id, model_key
