-- Codes up to $1 were written with their values (COPY writes an identity column as given):
-- the identity's sequence goes on from there, so a code given in SQL (record_model_keys.sql)
-- comes after every code in the table.
SELECT setval(pg_get_serial_sequence('hf.model_keys', 'model_key'), $1::bigint)
