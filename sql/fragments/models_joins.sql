-- The tables the derived columns of a staged model (`s`) read: its licence's row of
-- hf.licenses, by the id as the card or the tag writes it, in any case (`other:<name>`, a
-- licence of the repo's own, is `other`). At most one row: license_id is its key.
LEFT JOIN hf.licenses AS licence ON licence.license_id = lower(split_part(s.license, ':', 1))
