-- The class of a staged model's licence (`s`), read through hf.licenses: the id as the card
-- or the tag writes it, in any case (`other:<name>`, a licence of the repo's own, is
-- `other`); an id the table does not list is 'unknown'; no licence, NULL.
CASE WHEN s.license IS NOT NULL THEN coalesce(
    (SELECT l.class FROM hf.licenses AS l
     WHERE l.license_id = lower(split_part(s.license, ':', 1))),
    'unknown'
) END
