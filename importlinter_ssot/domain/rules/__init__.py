"""The rules. Each module decides one family of codes; `evaluation` runs them."""
