"""hf-crawler: keep Postgres filled with the Hugging Face Hub's model catalogue."""

__version__ = "0.2.0"
