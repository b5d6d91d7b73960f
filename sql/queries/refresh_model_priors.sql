-- What search filters and ranks on beside the words, rewritten only where it moved: the
-- license, the library, the popularity prior by 0.0005 or more (downloads by about 5%).
-- Returns "UPDATE n".
UPDATE hf.model_terms AS t
SET license = m.license,
    library_name = m.library_name,
    popularity = 0.01 * ln(1 + greatest(coalesce(m.downloads, 0), 0))
FROM hf.models AS m
WHERE m.model_id = t.model_id
  AND (t.license IS DISTINCT FROM m.license
       OR t.library_name IS DISTINCT FROM m.library_name
       OR abs(t.popularity - 0.01 * ln(1 + greatest(coalesce(m.downloads, 0), 0))) >= 0.0005)
