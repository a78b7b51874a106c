"""Synthetic (fabricated) criminal histories and the documents they would appear in, for tests and demos."""
