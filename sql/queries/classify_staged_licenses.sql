-- The class of each staged model's licence, read through hf.licenses: the id as the card or
-- the tag writes it, in any case (`other:<name>`, a licence of the repo's own, is `other`);
-- an id the table does not list is 'unknown'; no licence, NULL. On the staging table, so the merge writes the class with the row, in one version.
UPDATE stage_models AS s
SET license_class = coalesce(
    (SELECT l.class FROM hf.licenses AS l WHERE l.license_id = lower(split_part(s.license, ':', 1))),
    'unknown'
)
WHERE s.license IS NOT NULL
