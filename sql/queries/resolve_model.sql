-- The models `show` may mean by $1 when no model has exactly that id: the same id in
-- another case, or (no `/` given) the models of that name under any owner; at most 10.
SELECT model_id FROM hf.models
WHERE lower(model_id) = lower($1)
   OR (strpos($1, '/') = 0 AND lower(split_part(model_id, '/', 2)) = lower($1))
ORDER BY downloads DESC NULLS LAST, model_id
LIMIT 10
