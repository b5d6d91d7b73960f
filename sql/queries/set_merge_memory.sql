-- Room for the merge's dedup sort to stay in memory (a 5,000-row batch needs ~2 MB); a plan
-- made for each execution (the staging tables keep their identity across merges, and a
-- plan cached for one batch's size is no plan for the next); no notice that a staging table
-- exists already.
SELECT set_config('work_mem', '64MB', true),
       set_config('plan_cache_mode', 'force_custom_plan', true),
       set_config('client_min_messages', 'warning', true)
