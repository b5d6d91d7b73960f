-- The oldest run to keep: the first started within the retention window, or the newest
-- crawl when none is that recent (the current state's history is never pruned; a cards run
-- holds no rankings).
SELECT coalesce(
    (SELECT min(run_id) FROM hf.crawl_runs WHERE started_at >= now() - $1::interval),
    (SELECT max(run_id) FROM hf.crawl_runs WHERE mode <> 'cards'),
    (SELECT max(run_id) FROM hf.crawl_runs)
)
