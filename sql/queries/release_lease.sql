DELETE FROM hf.writer_lease WHERE token = $1
