-- The staged texts' evaluation results. A text's results change only when this hf-crawl
-- reads a value better than the one that stored them (a number written as text), so a
-- stored row takes the new reading.
INSERT INTO hf.card_eval_results AS e
SELECT * FROM stage_card_evals
ON CONFLICT (card_sha256, n) DO UPDATE SET
    value = excluded.value,
    value_text = excluded.value_text,
    unit = excluded.unit
WHERE (e.value, e.value_text, e.unit)
      IS DISTINCT FROM (excluded.value, excluded.value_text, excluded.unit)
