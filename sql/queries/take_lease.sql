-- Take the writer lease ($1 token, $2 holder) if nobody holds it, or if its holder has not
-- renewed it for $3, or if $4 names its holder as a process known dead. Returns the token
-- when taken, nothing when another writer holds it.
INSERT INTO hf.writer_lease AS l (singleton, token, holder, taken_at, renewed_at)
VALUES (true, $1, $2, now(), now())
ON CONFLICT (singleton) DO UPDATE
SET token = excluded.token, holder = excluded.holder, run_id = NULL,
    taken_at = now(), renewed_at = now()
WHERE l.renewed_at < now() - $3::interval OR l.holder = $4
RETURNING token
