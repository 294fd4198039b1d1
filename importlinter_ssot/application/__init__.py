"""Use cases: turn files and policies into findings, talking to the outside through ports."""
