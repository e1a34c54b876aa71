"""Load benchmarks of Quartier's public pages against a large town (see README.md)."""
