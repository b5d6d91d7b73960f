SELECT count(*) FROM {stage_ranks}
