-- Models whose card to fetch: ranked ones ($1 = 'ranked') or all, or only those in the first
-- $4 of a task's ranking when $4 is given; never fetched, read at another commit than the
-- listing's sha, fetched before $3, or every one when $2 (refresh).
SELECT m.model_id, m.sha
FROM hf.models AS m
LEFT JOIN hf.model_cards AS c ON c.model_id = m.model_id
WHERE (
        ($1 = 'all' AND $4::integer IS NULL)
        OR EXISTS (SELECT 1 FROM hf.model_tasks AS mt
                   WHERE mt.model_id = m.model_id
                     AND ($4::integer IS NULL OR mt.rank_in_task <= $4::integer))
      )
  AND (c.model_id IS NULL OR c.revision IS DISTINCT FROM m.sha OR $2 OR c.fetched_at < $3)
ORDER BY m.model_id
