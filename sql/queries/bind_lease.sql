UPDATE hf.writer_lease SET run_id = $2, renewed_at = now() WHERE token = $1
