-- Room for the merge's dedup sort to stay in memory (a 5,000-row batch needs ~2 MB).
SELECT set_config('work_mem', '64MB', true)
