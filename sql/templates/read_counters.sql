-- The stored counters of the rows in $1.
SELECT {id} AS id, downloads, likes, trending_score, downloads_all_time
FROM hf.{table}
WHERE {id} = ANY ($1::text[])
