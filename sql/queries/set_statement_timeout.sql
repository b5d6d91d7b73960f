-- The merge transaction's own statement timeout (SET LOCAL cannot take a parameter).
SELECT set_config('statement_timeout', $1, true)
