-- hf.search_models: $1 words, $2 task, $3 license, $4 library, $5 how many, $6 min
-- downloads, $7 max parameters, $8 licence classes, $9 sort.
SELECT model_id, score, tasks, license, downloads, section, snippet, params_total,
       license_class, downloads_change_7d
FROM hf.search_models($1, $2, $3, $4, $5, $6, $7, $8::text[], $9)
