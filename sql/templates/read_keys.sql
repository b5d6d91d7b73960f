-- The snapshot codes of the rows in $1 that have one, from the rows themselves.
SELECT {id} AS id, {key} AS key FROM hf.{table} WHERE {id} = ANY ($1::text[]) AND {key} IS NOT NULL
