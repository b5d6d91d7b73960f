-- The datasets the ranked models name most ($1 rows), by tags or cards, and whether the
-- catalogue holds them.
SELECT md.dataset_id AS dataset, count(DISTINCT md.model_id) AS models,
       bool_or(md.source = 'tag') AS tagged, bool_or(md.source = 'card') AS in_cards,
       bool_or(d.dataset_id IS NOT NULL) AS in_catalogue, max(d.downloads) AS downloads
FROM hf.model_datasets AS md
LEFT JOIN hf.datasets AS d ON d.dataset_id = md.dataset_id
WHERE EXISTS (SELECT 1 FROM hf.model_tasks AS mt WHERE mt.model_id = md.model_id)
GROUP BY md.dataset_id
ORDER BY models DESC, md.dataset_id
LIMIT $1
