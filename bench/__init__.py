"""Synthetic data maps and the performance benchmark (see docs/performance.md)."""
