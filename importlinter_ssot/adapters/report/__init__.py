"""`ssot report` and `ssot discover` output: terminal text, markdown, JSON and a self-contained HTML page."""
