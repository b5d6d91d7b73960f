-- Fetched collections ($1 slugs, $2 the lastUpdated each page states, $3 its items as a
-- JSON array of {type, id, position, note}): each collection's items become exactly
-- these, and it is marked as stored as of that lastUpdated (else of the listed one).
WITH fetched AS (
    SELECT u.slug, u.as_of, u.items::jsonb AS items
    FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS u (slug, as_of, items)
    JOIN hf.collections AS c ON c.slug = u.slug
),
listed AS (
    SELECT f.slug, i.type AS item_type, i.id AS item_id, i.position, i.note
    FROM fetched AS f
    CROSS JOIN LATERAL jsonb_to_recordset(f.items)
        AS i (type text, id text, position integer, note text)
),
gone AS (
    DELETE FROM hf.collection_items AS ci
    USING fetched AS f
    WHERE ci.slug = f.slug
      AND NOT EXISTS (
          SELECT 1 FROM listed AS l
          WHERE l.slug = ci.slug AND l.item_type = ci.item_type AND l.item_id = ci.item_id
      )
),
kept AS (
    INSERT INTO hf.collection_items AS ci (slug, item_type, item_id, position, note)
    SELECT slug, item_type, item_id, position, note FROM listed
    ON CONFLICT (slug, item_type, item_id) DO UPDATE SET
        position = excluded.position,
        note = excluded.note
    WHERE (ci.position, ci.note) IS DISTINCT FROM (excluded.position, excluded.note)
)
UPDATE hf.collections AS c
SET items_as_of = coalesce(f.as_of, c.last_updated)
FROM fetched AS f
WHERE c.slug = f.slug
