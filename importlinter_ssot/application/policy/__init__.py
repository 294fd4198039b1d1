"""Reading the rule book: policy files and `[tool.ssot]` (TOML read with every key located),
policy discovery, the trees the policies govern (projects), and the warnings that compare a
policy with its tree. Everything a run knows before it looks at a source file."""
