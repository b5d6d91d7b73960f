-- Datasets whose card to fetch: ranked in a task (in its first $3 when $3 is given), and
-- never fetched, read at another commit than the listing's sha, fetched before $2, or
-- every one when $1 (refresh).
SELECT d.dataset_id, d.sha
FROM hf.datasets AS d
LEFT JOIN hf.dataset_cards AS c ON c.dataset_id = d.dataset_id
WHERE EXISTS (SELECT 1 FROM hf.dataset_tasks AS dt
              WHERE dt.dataset_id = d.dataset_id
                AND ($3::integer IS NULL OR dt.rank_in_task <= $3::integer))
  AND (c.dataset_id IS NULL OR c.revision IS DISTINCT FROM d.sha OR $1 OR c.fetched_at < $2)
ORDER BY d.dataset_id
