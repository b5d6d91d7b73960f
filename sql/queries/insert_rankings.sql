-- The staged mappings the delete before left out of the table: new ones and moved ones.
-- After that delete, a swapped task's rank is still taken only by the very mapping staged
-- for it, so a free rank is the whole test (and a plain insert, no conflict handling).
INSERT INTO hf.model_tasks (model_id, task_id, rank_in_task, matched_by)
SELECT s.model_id, s.task_id, s.rank_in_task, $1
FROM stage_ranks AS s
WHERE NOT EXISTS (
    SELECT 1 FROM hf.model_tasks AS mt
    WHERE mt.task_id = s.task_id AND mt.rank_in_task = s.rank_in_task
)
