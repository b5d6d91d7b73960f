-- Every item of each stored collection.
SELECT slug, item_type, item_id, position, note
FROM hf.collection_items
ORDER BY slug, position, item_type, item_id
