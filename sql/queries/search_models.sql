-- hf.search_models: $1 words, $2 task, $3 license, $4 library, $5 how many.
SELECT model_id, score, tasks, license, downloads, section, snippet
FROM hf.search_models($1, $2, $3, $4, $5)
