-- How long a migration waits for a lock before it gives up and tries again later: readers
-- queued behind a migration that waits wait no longer than this.
SELECT set_config('lock_timeout', $1, true)
