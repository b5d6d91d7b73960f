-- The stored counters of the rows in $1 (NULL where the entity has no such counter).
SELECT {id} AS id, {c_downloads} AS downloads, {c_likes} AS likes,
       {c_trending_score} AS trending_score, {c_downloads_all_time} AS downloads_all_time
FROM hf.{table}
WHERE {id} = ANY ($1::text[])
