-- Run $1 succeeded: every run of the chain it resumed is closed as 'resumed'.
WITH RECURSIVE chain AS (
    SELECT resumed_from AS run_id FROM hf.crawl_runs WHERE run_id = $1
    UNION
    SELECT r.resumed_from FROM hf.crawl_runs AS r JOIN chain AS c ON r.run_id = c.run_id
)
UPDATE hf.crawl_runs AS r SET status = 'resumed'
FROM chain
WHERE r.run_id = chain.run_id AND r.status IN ('partial', 'failed', 'interrupted', 'abandoned')
RETURNING r.run_id
