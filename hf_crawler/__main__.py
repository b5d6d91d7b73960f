"""`python -m hf_crawler` runs the CLI."""

from hf_crawler.cli.main import main

main()
