-- For `hf-crawl status`: the latest crawl, the last crawl that succeeded, and the latest
-- cards run (a cards run does not make the catalogue fresh).
SELECT kind, run_id, status, started_at, finished_at, failed_phase, error, mode,
       extract(epoch FROM now() - coalesce(finished_at, started_at))::float8 AS age_s
FROM (
    (SELECT 'latest' AS kind, * FROM hf.crawl_runs WHERE mode <> 'cards'
     ORDER BY run_id DESC LIMIT 1)
    UNION ALL
    (SELECT 'last_success', * FROM hf.crawl_runs WHERE status = 'succeeded' AND mode <> 'cards'
     ORDER BY run_id DESC LIMIT 1)
    UNION ALL
    (SELECT 'cards', * FROM hf.crawl_runs WHERE mode = 'cards' ORDER BY run_id DESC LIMIT 1)
) AS runs
