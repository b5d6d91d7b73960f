-- The staged texts' evaluation results (a text's results never change: its hash is its
-- content).
INSERT INTO hf.card_eval_results
SELECT * FROM stage_card_evals
ON CONFLICT (card_sha256, n) DO NOTHING
