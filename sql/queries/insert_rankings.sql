-- Insert or re-rank the staged mappings; unchanged ranks are left untouched.
INSERT INTO hf.model_tasks AS mt (model_id, task_id, rank_in_task, matched_by)
SELECT s.model_id, s.task_id, s.rank_in_task, $1 FROM stage_ranks AS s
ON CONFLICT (model_id, task_id) DO UPDATE SET
    rank_in_task = excluded.rank_in_task,
    matched_by = excluded.matched_by
WHERE (mt.rank_in_task, mt.matched_by) IS DISTINCT FROM (excluded.rank_in_task, excluded.matched_by)
