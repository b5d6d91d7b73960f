-- Whether run $1 stored any ranking (an export as of a run reads its snapshots).
SELECT EXISTS (SELECT 1 FROM hf.task_snapshots WHERE run_id = $1)
