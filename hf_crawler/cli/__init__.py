"""The `hf-crawl` command line (`main`), its shared options and its commands."""
