"""importlinter-ssot: enforce single-source-of-truth import policies."""

__version__ = "0.1.0"
