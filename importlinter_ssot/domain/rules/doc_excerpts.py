"""Excerpts of the docs example's policy (``docs/examples/project/contracts/ssot.toml``) that
more than one rule's documentation quotes: written once, so that the rules quote the same entry."""

# SOT010 (the imports it flags) and SOT041 (the shim generated for it) show this entry.
LEGACY_MODULE = """\
```toml
[[module]]
name = "chat.legacy"
status = "deprecated"
until = 2027-01-31
replacement = "chat.services.sessions"
```"""
