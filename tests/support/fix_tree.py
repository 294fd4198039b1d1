"""The small project the --fix tests share: Manager (with an alias) moved to chat.core.api,
its old home chat.core.old deprecated, the module chat.legacy forbidden."""

from __future__ import annotations

from support.deprecated import WARNS

POLICY = """
[policy]
name = "fix"
root_packages = ["chat"]

[[symbol]]
name = "Manager"
aliases = ["UnifiedManager"]
defined_in = "chat.core.impl"
canonical = ["chat.core.api"]
deprecated = [{ module = "chat.core.old" }]

[[symbol]]
name = "Mode"
defined_in = "chat.core.types"
canonical = ["chat.core.types"]

[[module]]
name = "chat.legacy"
status = "forbidden"
replacement = "chat.core.api"
"""

TREE = {
    "chat/__init__.py": "",
    "chat/app/__init__.py": "",
    "chat/core/__init__.py": "",
    "chat/core/impl.py": "class Manager:\n    pass\n\n\nUnifiedManager = Manager\n\n\ndef helper():\n    pass\n",
    "chat/core/types.py": "class Mode:\n    pass\n",
    # The canonical module provides Manager and helper, not the alias UnifiedManager.
    "chat/core/api.py": "from chat.core.impl import Manager, helper\n\nconnect = helper\n",
    "chat/core/old.py": (
        "from chat.core.impl import Manager, UnifiedManager, helper\nfrom chat.core.types import Mode\n" + WARNS
    ),
    "chat/legacy.py": "from chat.core.api import Manager, connect\n",
}
