-- Whether the schema has the exposure rule yet (a schema migrated only part of the way
-- has not).
SELECT to_regprocedure('hf.apply_exposure(text)') IS NOT NULL
