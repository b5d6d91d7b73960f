SELECT pg_advisory_xact_lock(hashtext('hf_crawler.migrate:' || $1))
