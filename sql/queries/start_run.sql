INSERT INTO hf.crawl_runs (parameters, mode, resumed_from, since_at, heartbeat_at)
VALUES ($1::jsonb, $2, $3, coalesce($4::timestamptz, now()), now())
RETURNING run_id, since_at
