"""`python -m hf_crawler.fakehub`: the same command as `hf-crawl fakehub`."""

from hf_crawler.fakehub.command import fakehub

fakehub()
