-- The arXiv ids each model's tags name.
SELECT model_id, arxiv_id FROM hf.model_papers ORDER BY model_id, arxiv_id
