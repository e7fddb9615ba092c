"""Benchmarks of the package, run as modules from the repository's root: ``python -m benchmarks.speedup``."""
