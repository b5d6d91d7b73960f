-- An evaluation value written as text ("80.74%", "97.65 %", "12.3 BLEU", "85.3 ± 0.2") is a
-- number too: `value` holds it and `unit` what followed it, while `value_text` keeps the
-- text as written. Values a cards run stored as text alone are read again by the next
-- cards run, from the stored card text (nothing is fetched again); their rows stay as they
-- were until then.
ALTER TABLE hf.card_eval_results ADD COLUMN unit text;

CREATE OR REPLACE VIEW hf.eval_results WITH (security_invoker = on) AS
SELECT c.model_id, e.model_name, e.task_type, e.dataset_id, e.dataset_name, e.metric_type,
       e.metric_name, e.value, e.value_text, e.verified, e.unit
FROM hf.model_cards AS c
JOIN hf.card_eval_results AS e USING (card_sha256);

UPDATE hf.card_texts SET meta_status = NULL
WHERE card_sha256 IN (
    SELECT e.card_sha256 FROM hf.card_eval_results AS e
    WHERE e.value IS NULL AND e.value_text IS NOT NULL
);
