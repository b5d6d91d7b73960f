"""`python -m hf_crawler` runs the CLI."""

from hf_crawler.cli import main

main()
