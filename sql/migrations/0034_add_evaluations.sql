-- Evaluation results in one place. A model's listed results (`expand=evalResults`: the
-- entries of its `.eval_results/*.yaml` files, as huggingface_hub's
-- parse_eval_result_entries reads them) are stored with the model as one JSON array,
-- rewritten by the merge that stores the model; a card's model-index keeps its rows in
-- hf.card_eval_results. hf.evaluations reads both as rows, with the metric's name made
-- comparable (acc, Accuracy and accuracy are one metric), the raw name kept.
ALTER TABLE hf.models ADD COLUMN eval_results jsonb;

COMMENT ON COLUMN hf.models.eval_results IS
    'Its evaluation results as the Hub lists them (.eval_results files): [{dataset_id, task_id, value, value_text, unit, verified, date, source_url, source_name, notes}]; NULL when it lists none. Read through hf.evaluations.';

-- Metric names as cards write them, each with the one name comparisons use; a name not
-- listed compares as itself, lower-cased, with runs of spaces and dashes as one `_`.
CREATE TABLE hf.metric_names (
    name            text PRIMARY KEY CHECK (name = lower(name)),
    metric          text NOT NULL,
    lower_is_better boolean NOT NULL DEFAULT false
);
ALTER TABLE hf.metric_names ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE hf.metric_names IS
    'The names cards give a metric (lower-cased, spaces and dashes as _), each with the name comparisons use and whether a lower value is better; a name not listed compares as itself.';
COMMENT ON COLUMN hf.metric_names.name IS 'A metric''s name as written, lower-cased, runs of spaces and dashes as one _.';
COMMENT ON COLUMN hf.metric_names.metric IS 'The name it compares as.';
COMMENT ON COLUMN hf.metric_names.lower_is_better IS 'Whether a lower value is the better one (error rates, losses, perplexity).';

INSERT INTO hf.metric_names (name, metric, lower_is_better) VALUES
    ('acc', 'accuracy', false),
    ('accuracy', 'accuracy', false),
    ('top1_accuracy', 'accuracy', false),
    ('top_1_accuracy', 'accuracy', false),
    ('acc_norm', 'accuracy_normalized', false),
    ('accuracy_normalized', 'accuracy_normalized', false),
    ('f1', 'f1', false),
    ('f1_score', 'f1', false),
    ('f1_macro', 'f1_macro', false),
    ('macro_f1', 'f1_macro', false),
    ('f1_micro', 'f1_micro', false),
    ('micro_f1', 'f1_micro', false),
    ('em', 'exact_match', false),
    ('exact_match', 'exact_match', false),
    ('exact', 'exact_match', false),
    ('precision', 'precision', false),
    ('recall', 'recall', false),
    ('bleu', 'bleu', false),
    ('sacrebleu', 'bleu', false),
    ('rouge1', 'rouge1', false),
    ('rouge_1', 'rouge1', false),
    ('rouge2', 'rouge2', false),
    ('rouge_2', 'rouge2', false),
    ('rougel', 'rougel', false),
    ('rouge_l', 'rougel', false),
    ('pass@1', 'pass@1', false),
    ('pass_at_1', 'pass@1', false),
    ('matthews_correlation', 'matthews_correlation', false),
    ('mcc', 'matthews_correlation', false),
    ('wer', 'wer', true),
    ('word_error_rate', 'wer', true),
    ('test_wer', 'wer', true),
    ('cer', 'cer', true),
    ('character_error_rate', 'cer', true),
    ('test_cer', 'cer', true),
    ('perplexity', 'perplexity', true),
    ('ppl', 'perplexity', true),
    ('loss', 'loss', true),
    ('mae', 'mae', true),
    ('mse', 'mse', true),
    ('rmse', 'rmse', true);

CREATE FUNCTION hf.metric_key(name text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = ''
RETURN (
    SELECT coalesce(n.metric, k.key)
    FROM (SELECT nullif(regexp_replace(lower(btrim(name)), '[\s-]+', '_', 'g'), '') AS key) AS k
    LEFT JOIN hf.metric_names AS n ON n.name = k.key
);

COMMENT ON FUNCTION hf.metric_key(text) IS
    'The name a metric compares as (hf.metric_names): acc, Accuracy and accuracy are accuracy.';

CREATE VIEW hf.evaluations WITH (security_invoker = on) AS
SELECT c.model_id,
       'model-index'::text AS source,
       e.dataset_id,
       e.dataset_name,
       e.task_type AS task,
       e.metric_type,
       e.metric_name,
       hf.metric_key(coalesce(e.metric_type, e.metric_name)) AS metric,
       e.value::numeric AS value,
       e.unit,
       e.value_text,
       e.verified,
       NULL::text AS evaluated_at
FROM hf.model_cards AS c
JOIN hf.card_eval_results AS e USING (card_sha256)
UNION ALL
SELECT m.model_id,
       'hub',
       r.dataset_id,
       NULL,
       r.task_id,
       NULL,
       NULL,
       NULL,
       r.value::numeric,
       r.unit,
       r.value_text,
       r.verified,
       r.date
FROM hf.models AS m
CROSS JOIN LATERAL jsonb_to_recordset(m.eval_results) AS r (
    dataset_id text, task_id text, value double precision, unit text, value_text text,
    verified boolean, date text
)
WHERE m.eval_results IS NOT NULL;

COMMENT ON VIEW hf.evaluations IS
    'Every evaluation result of a model: from its card''s model-index (source model-index) and from the Hub''s listing (source hub, its .eval_results files), one row per metric, with the metric''s comparable name.';
COMMENT ON COLUMN hf.evaluations.source IS 'model-index (its card) or hub (its .eval_results files, as listed).';
COMMENT ON COLUMN hf.evaluations.dataset_id IS 'The benchmark dataset''s Hub id, as written (model-index: dataset.type).';
COMMENT ON COLUMN hf.evaluations.task IS 'The task: model-index task.type, or the benchmark''s task_id.';
COMMENT ON COLUMN hf.evaluations.metric IS 'The metric''s comparable name (hf.metric_key); NULL for a hub result, whose benchmark task defines it.';
COMMENT ON COLUMN hf.evaluations.value IS 'The value as a number, also when written as text ("85.3%" is 85.3; see unit).';
COMMENT ON COLUMN hf.evaluations.value_text IS 'The value as written when it was text.';
COMMENT ON COLUMN hf.evaluations.evaluated_at IS 'When the evaluation was run, as the hub result says (ISO 8601); NULL for model-index.';
COMMENT ON COLUMN hf.evaluations.model_id IS 'The model evaluated.';
COMMENT ON COLUMN hf.evaluations.dataset_name IS 'The benchmark''s name as the card writes it (model-index: dataset.name).';
COMMENT ON COLUMN hf.evaluations.metric_type IS 'The metric''s type as the card writes it (model-index: metrics[].type).';
COMMENT ON COLUMN hf.evaluations.metric_name IS 'The metric''s display name as the card writes it (model-index: metrics[].name).';
COMMENT ON COLUMN hf.evaluations.unit IS 'What followed the number when the value was text ("%", "BLEU").';
COMMENT ON COLUMN hf.evaluations.verified IS 'model-index: verified as the card says; hub: whether the result carries a verification token.';
