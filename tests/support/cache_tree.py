"""A small tree whose cache section holds every kind of entry: findings, conditional findings,
facts of every project check, SOT900, nothing (the cache fuzzer mutates it; the fact codec test
round-trips its facts)."""

POLICY = """
[policy]
name = "cache fuzz"
root_packages = ["app"]

[[symbol]]
name = "Manager"
defined_in = "app.core.impl"
canonical = ["app.core"]
deprecated = [{ module = "app.core.old", until = 2027-01-01 }]
max_import_patterns = 1

[[module]]
name = "app.legacy"
status = "forbidden"

[[duplicates]]
pattern = "*Manager"
"""

# Every kind of entry: findings, conditional findings, facts of every project check, SOT900, nothing.
FILES = {
    "contracts/ssot.toml": POLICY,
    "app/__init__.py": "",
    "app/legacy.py": "",
    "app/core/__init__.py": "from .impl import Manager\n",
    "app/core/impl.py": "class Manager:\n    pass\n",
    "app/core/old.py": "from app.core.impl import Manager\n",
    "app/users.py": "from app.core.old import Manager\nfrom app import legacy\nimport app.core.old as o\no.Manager\n",
    "app/cond.py": "from app.core import old\n",
    "app/wrong.py": "from app.core.impl import Manager\n",
    "app/dup_a.py": "class ChatManager:\n    pass\n",
    "app/dup_b.py": "class ChatManager:\n    pass\n",
    "app/warns.py": "import warnings\n\ndef moved():\n    warnings.warn('moved', DeprecationWarning)\n",
    "app/broken.py": "from app.core import Manager\ndef broken(:\n",
    "app/plain.py": "import os\n",
}
