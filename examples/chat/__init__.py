"""Synthetic chat backend: the bundled example of importlinter-ssot (never executed)."""
