INSERT INTO hf.crawl_runs (parameters) VALUES ($1::jsonb) RETURNING run_id
