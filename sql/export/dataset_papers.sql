-- The arXiv ids each dataset's tags name.
SELECT dataset_id, arxiv_id FROM hf.dataset_papers ORDER BY dataset_id, arxiv_id
