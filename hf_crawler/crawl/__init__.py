"""Crawl runs: one run wired (pipeline, how it ends), the producer and the writer, top-N
and full-Hub modes, task selection, the dry run, signals, metrics, the plan, model cards."""
