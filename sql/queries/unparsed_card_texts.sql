-- Card texts stored before front matter was parsed ($1 at a time).
SELECT card_sha256, text FROM hf.card_texts WHERE meta_status IS NULL ORDER BY card_sha256 LIMIT $1
