CREATE TEMP TABLE stage_card_evals (LIKE hf.card_eval_results) ON COMMIT DROP
