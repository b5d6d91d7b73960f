UPDATE hf.crawl_runs SET resumed_from = NULL WHERE resumed_from < $1
