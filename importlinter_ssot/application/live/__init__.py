"""An editor's check: the open buffers' unsaved text over the files on disk (a file system that
answers from the buffers first), and the check kept in memory between edits — each edit
re-evaluates its buffer and re-decides only the project checks whose facts moved, then offers
the quick fixes that `ssot check --fix` would make. Built on analysis, gate and fix; nothing
else in the application imports it."""
