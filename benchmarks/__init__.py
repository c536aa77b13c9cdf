"""Benchmarks (run by hand, never timed in the test suite). Importable so tests can check them."""
