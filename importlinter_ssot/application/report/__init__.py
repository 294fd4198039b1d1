"""Where a migration stands: `ssot report`'s model, its aggregation of the check's results, who
still refers to each old path (removable), the comparison with a previous report, and `ssot
discover` (duplicates found with no policy)."""
