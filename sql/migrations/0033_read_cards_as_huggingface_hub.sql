-- Cards read as huggingface_hub reads them: a front matter with a tab where YAML allows
-- none is invalid (yaml.safe_load refuses it, the faster libyaml loader did not); a
-- model-index that huggingface_hub's model_index_to_eval_results refuses (a result without
-- a dataset, say) gives no rows, and why is kept; a long section is split in parts instead
-- of cut at 20,000 characters.
ALTER TABLE hf.card_texts ADD COLUMN model_index_error text;

COMMENT ON COLUMN hf.card_texts.model_index_error IS
    'Why huggingface_hub refuses its model-index (a required key missing, a value of the wrong shape), in which case hf.card_eval_results holds none of its results; NULL when it has none or it is read.';

-- The texts those rules may read otherwise are parsed again by the next cards run, from
-- the stored text (nothing is fetched again); until then they keep what they had. A read
-- front matter ends at the first line starting `---` after the opening one.
UPDATE hf.card_texts SET meta_status = NULL
WHERE meta_status IS NOT NULL
  AND (
      meta ? 'model-index'
      OR (meta_status = 'ok' AND position(E'\t' IN split_part(text, E'\n---', 1)) > 0)
      OR card_sha256 IN (
          SELECT s.card_sha256 FROM hf.card_sections AS s WHERE length(s.text) >= 20000
      )
  );
