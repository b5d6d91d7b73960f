UPDATE hf.crawl_runs SET next_url = $2 WHERE run_id = $1
