-- Full-Hub mode: every task's ($5) top $2 of hf.{table} in one scan of the stored rows,
-- ordered as the Hub orders a listing (the sort key $3 descending, then _id). Which tasks
-- a row ranks in is the entity's own (sql/fragments/<entity>_members.sql, by the match
-- $4). Only rows seen at or after $1 count, so those gone from the Hub drop out; only the
-- tasks in $5 are ranked: the ones this walk swaps (a task another run added keeps its).
INSERT INTO {stage_ranks} ({list}, {id}, {rank})
SELECT {list}, {id}, {rank}
FROM (
    SELECT member.{list}, m.{id},
           row_number() OVER (
               PARTITION BY member.{list}
               ORDER BY CASE $3
                            WHEN 'downloads' THEN m.downloads::double precision
                            WHEN 'likes' THEN m.likes::double precision
                            WHEN 'trendingScore' THEN m.trending_score
                            WHEN 'createdAt' THEN extract(epoch FROM m.created_at_hub)::double precision
                            WHEN 'lastModified' THEN extract(epoch FROM m.last_modified)::double precision
                        END DESC NULLS LAST,
                        m.hub_id, m.{id}
           ) AS {rank}
    FROM hf.{table} AS m
    {members}
    WHERE m.last_synced_at >= $1 AND member.{list} = ANY ($5::text[])
) AS ranked
WHERE {rank} <= $2
