UPDATE hf.writer_lease SET renewed_at = now() WHERE token = $1 RETURNING run_id
