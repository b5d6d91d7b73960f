-- Older runs go, and with them (ON DELETE CASCADE) their coverage and history rows.
DELETE FROM hf.crawl_runs WHERE run_id < $1
