-- Which of search's filters name nothing in the catalogue: $1 a task, $2 a license, $3 a
-- library (each NULL when not given). A known value stops at its first row.
SELECT ($1::text IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM hf.tasks AS t WHERE t.task_id = $1)) AS task,
       ($2::text IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM hf.models AS m WHERE m.license = $2)) AS license,
       ($3::text IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM hf.models AS m WHERE m.library_name = $3)) AS library
