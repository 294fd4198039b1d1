"""What a run lets through: selected codes, noqa comments, and the baseline (its file, line
fingerprints, the comparison that makes it a ratchet), and the exit decision built on them."""
