"""`ssot check --fix` / `--diff`: which flagged imports can move, proven to keep the same object
(the modules' bindings read on demand), the text edits that move them, and the use case that
plans, re-checks and writes each file from its current bytes."""
