"""Benchmarks for mlblog: generated ML-notes sites and the measurements run on them."""
