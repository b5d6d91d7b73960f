-- The staged texts' sections, each with its full-text vector (words read as search reads
-- them, hf.search_text): its headings weigh more than its text.
INSERT INTO hf.card_sections (card_sha256, n, heading_path, text, search)
SELECT card_sha256, n, heading_path, text,
       setweight(to_tsvector('english'::regconfig,
                             hf.search_text(array_to_string(heading_path, ' '))), 'A')
       || setweight(to_tsvector('english'::regconfig, hf.search_text(text)), 'B')
FROM stage_card_sections
ON CONFLICT (card_sha256, n) DO NOTHING
