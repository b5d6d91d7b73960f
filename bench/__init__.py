"""Benchmarks: `make bench`, `make bench-full`, `make bench-report`, `make faults`."""
