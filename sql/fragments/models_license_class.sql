-- The class of a staged model's licence (`s`), read through hf.licenses (joined as
-- `licence` by models_joins.sql); an id the table does not list is 'unknown'; no
-- licence, NULL.
CASE WHEN s.license IS NOT NULL THEN coalesce(licence.class, 'unknown') END
