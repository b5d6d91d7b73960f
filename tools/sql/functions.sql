-- The functions of schema $1, each with its arguments, result and comment.
SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature,
       pg_get_function_result(p.oid) AS result,
       coalesce(obj_description(p.oid, 'pg_proc'), '') AS comment
FROM pg_proc AS p
WHERE p.pronamespace = $1::regnamespace
ORDER BY p.proname, 1
