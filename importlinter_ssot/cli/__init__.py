"""The `ssot` command line: a thin adapter over the check use case."""
