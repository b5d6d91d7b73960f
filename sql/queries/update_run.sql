UPDATE hf.crawl_runs SET
    status = $2,
    finished_at = CASE WHEN $2 = 'running' THEN NULL ELSE now() END,
    tasks_ok = $3, tasks_failed = $4, models = $5, mappings = $6, requests = $7,
    retries = $8, rate_limited = $9, malformed = $10, duplicates = $11,
    fields_dropped = $12, private_skipped = $13, error = $14, failed_phase = $15,
    dataset_tasks_ok = $16, dataset_tasks_failed = $17, datasets = $18, dataset_mappings = $19,
    spaces = $20, spaces_failed = $21, collections = $22, collections_failed = $23
WHERE run_id = $1
