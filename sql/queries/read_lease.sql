SELECT holder, run_id, extract(epoch FROM now() - renewed_at)::float8 AS silent_s
FROM hf.writer_lease
