"""A local fake of the Hugging Face Hub API, for tests, demos and benchmarks."""
