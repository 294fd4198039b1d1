"""``--fix`` keeps what the user wrote: each form of an import statement, rewritten exactly.

Every case writes ``chat/app/a.py`` into a small project, runs the fix use case (the one
``ssot check --fix`` runs, with the real atomic writer) and compares the file's bytes with
what the issue specifies: aliases, comments on and inside the statement, parenthesised
layouts, the statement's place and indentation, newline style, encoding and BOM; a
relative import becomes absolute; a statement whose names part ways is split; a repeat of
an import the block already has is removed; a ``;``-joined statement keeps its neighbours.
"""

from __future__ import annotations

import pytest

from support.fix_tree import POLICY, TREE
from support.fixing import fix_project


def fixed(make_project, source: str | bytes, path: str = "chat/app/a.py") -> bytes:
    project = make_project({**TREE, path: source}, POLICY)
    fix_project(project)
    return (project.root / path).read_bytes()


CASES = {
    "alias": (
        "from chat.core.old import Manager as M\n",
        "from chat.core.api import Manager as M\n",
    ),
    "comment on the statement": (
        "from chat.core.old import Manager  # noqa: F401 keep\n",
        "from chat.core.api import Manager  # noqa: F401 keep\n",
    ),
    "parenthesised multi-line layout with comments inside": (
        "from chat.core.old import (  # the manager\n    Manager,  # the class\n)\n",
        "from chat.core.api import (  # the manager\n    Manager,  # the class\n)\n",
    ),
    "relative import becomes absolute": (
        "from ..core.old import Manager\n",
        "from chat.core.api import Manager\n",
    ),
    "from . import": (
        "from ..core import old\nfrom ..core.old import Manager as M, helper\n",
        "from ..core import old\nfrom ..core.old import helper\nfrom chat.core.api import Manager as M\n",
    ),
    "split: only the name that moves leaves": (
        "from chat.core.old import Manager, helper\n",
        "from chat.core.old import helper\nfrom chat.core.api import Manager\n",
    ),
    "split keeps the layout and each comment once": (
        "from chat.core.old import (  # head\n    Manager,  # moves\n    # about helper\n    helper,  # stays\n)\n",
        "from chat.core.old import (  # head\n"
        "    # about helper\n"
        "    helper,  # stays\n"
        ")\n"
        "from chat.core.api import (\n"
        "    Manager,  # moves\n"
        ")\n",
    ),
    "a split adds no blank line: one between the names goes with the name that leaves": (
        "from chat.core.old import (\n    Manager,\n\n    helper,\n)\nx = 1\n",
        "from chat.core.old import (\n    helper,\n)\nfrom chat.core.api import (\n    Manager,\n)\nx = 1\n",
    ),
    "a split adds no blank line: one before the name that leaves": (
        "from chat.core.old import (\n    helper,\n\n    Manager,\n\n    Mode,\n)\n\n\nx = 1\n",
        "from chat.core.old import (\n    helper,\n)\n"
        "from chat.core.api import (\n    Manager,\n)\n"
        "from chat.core.types import (\n    Mode,\n)\n\n\nx = 1\n",
    ),
    "a split leaves no space before the closing parenthesis": (
        "from chat.core.old import (\n    Manager, helper,\n)\n",
        "from chat.core.old import (\n    helper,\n)\nfrom chat.core.api import (\n    Manager,\n)\n",
    ),
    "a split keeps the later binding of a name last": (
        "from chat.core.old import Manager, helper as Manager\n",
        "from chat.core.api import Manager\nfrom chat.core.old import helper as Manager\n",
    ),
    "a split keeps the later binding of a name last, in a parenthesised layout": (
        "from chat.core.old import (\n    Mode,\n    helper as Mode,\n    Manager,\n)\n",
        "from chat.core.types import (\n    Mode,\n)\n"
        "from chat.core.old import (\n    helper as Mode,\n)\n"
        "from chat.core.api import (\n    Manager,\n)\n",
    ),
    "names going to two targets": (
        "from chat.core.old import (\n    Manager,\n    Mode,\n)\n",
        "from chat.core.api import (\n    Manager,\n)\nfrom chat.core.types import (\n    Mode,\n)\n",
    ),
    "hanging indent": (
        "from chat.core.old import (Mode, helper as h,\n                           Manager as M)\n",
        "from chat.core.old import (helper as h)\n"
        "from chat.core.types import (Mode)\n"
        "from chat.core.api import (Manager as M)\n",
    ),
    "backslash continuation": (
        "from chat.core.old import Manager as M, \\\n    helper as h\n",
        "from chat.core.old import helper as h\nfrom chat.core.api import Manager as M\n",
    ),
    "repeat of an import the block has is removed": (
        "from chat.core.api import Manager\nfrom chat.core.old import Manager\nx = Manager\n",
        "from chat.core.api import Manager\nx = Manager\n",
    ),
    "a repeat after another statement is not removed (that statement could rebind the name)": (
        "from chat.core.api import Manager\nManager = None\nfrom chat.core.old import Manager\n",
        "from chat.core.api import Manager\nManager = None\nfrom chat.core.api import Manager\n",
    ),
    "repeat name removed, the rest moves": (
        "from chat.core.api import Manager\nfrom chat.core.old import Manager, helper\n",
        "from chat.core.api import Manager\nfrom chat.core.old import helper\n",
    ),
    "semicolon-joined statement keeps its neighbours": (
        "import os; from chat.core.old import Manager, helper; x = 1\n",
        "import os; from chat.core.old import helper; from chat.core.api import Manager; x = 1\n",
    ),
    "semicolon-joined repeat is removed": (
        "from chat.core.api import Manager; from chat.core.old import Manager\n",
        "from chat.core.api import Manager\n",
    ),
    "one-line block": (
        "import os\nif os.sep: from chat.core.old import Manager as M, helper as h\n",
        "import os\nif os.sep: from chat.core.old import helper as h; from chat.core.api import Manager as M\n",
    ),
    "inside a function": (
        "def f():\n    from chat.core.old import Manager, helper\n    return Manager, helper\n",
        "def f():\n"
        "    from chat.core.old import helper\n"
        "    from chat.core.api import Manager\n"
        "    return Manager, helper\n",
    ),
    "under if TYPE_CHECKING": (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from chat.core.old import Manager\n",
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from chat.core.api import Manager\n",
    ),
    "in try / except of an error an import does not raise": (
        "try:\n    from chat.core.old import Manager\nexcept KeyError:\n    Manager = None\n",
        "try:\n    from chat.core.api import Manager\nexcept KeyError:\n    Manager = None\n",
    ),
    "in try / finally": (
        "try:\n    from chat.core.old import Manager\nfinally:\n    pass\n",
        "try:\n    from chat.core.api import Manager\nfinally:\n    pass\n",
    ),
    "in a function defined inside try / except ImportError (it runs when called, unguarded)": (
        "try:\n    def f():\n        from chat.core.old import Manager\nexcept ImportError:\n    pass\n",
        "try:\n    def f():\n        from chat.core.api import Manager\nexcept ImportError:\n    pass\n",
    ),
    "in the else of try / except ImportError": (
        "try:\n    import os\nexcept ImportError:\n    pass\nelse:\n    from chat.core.old import Manager\n",
        "try:\n    import os\nexcept ImportError:\n    pass\nelse:\n    from chat.core.api import Manager\n",
    ),
    "in a class body": (
        "class Holder:\n    from chat.core.old import Manager as M, helper\n",
        "class Holder:\n    from chat.core.old import helper\n    from chat.core.api import Manager as M\n",
    ),
    "tab indentation": (
        "if True:\n\tfrom chat.core.old import Manager, helper\n",
        "if True:\n\tfrom chat.core.old import helper\n\tfrom chat.core.api import Manager\n",
    ),
    "alias not provided by the target: its main name as the alias": (
        "from chat.core.old import UnifiedManager\nfrom chat.core.old import UnifiedManager as U\n",
        "from chat.core.api import Manager as UnifiedManager\nfrom chat.core.api import Manager as U\n",
    ),
    "module rule with a replacement that provides every name": (
        "from chat.legacy import connect, Manager as M\n",
        "from chat.core.api import connect, Manager as M\n",
    ),
    "no line break at the end of the file": (
        "from chat.core.old import Manager, helper",
        "from chat.core.old import helper\nfrom chat.core.api import Manager",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_form_is_rewritten_exactly(make_project, case: str) -> None:
    source, expected = CASES[case]
    assert fixed(make_project, source).decode() == expected


def test_windows_line_breaks_are_kept(make_project) -> None:
    source = b"from chat.core.old import (\r\n    Manager,\r\n    helper,\r\n)\r\nx = 1\r\n"
    assert fixed(make_project, source) == (
        b"from chat.core.old import (\r\n    helper,\r\n)\r\n"
        b"from chat.core.api import (\r\n    Manager,\r\n)\r\nx = 1\r\n"
    )


def test_old_mac_line_breaks_are_kept(make_project) -> None:
    source = b"x = 1\rfrom chat.core.old import Manager, helper\ry = 2\r"
    assert (
        fixed(make_project, source)
        == b"x = 1\rfrom chat.core.old import helper\rfrom chat.core.api import Manager\ry = 2\r"
    )


def test_the_encoding_and_its_cookie_are_kept(make_project) -> None:
    source = '# -*- coding: latin-1 -*-\n"""Café."""\nfrom chat.core.old import Manager  # été\n'.encode("latin-1")
    assert fixed(make_project, source) == source.replace(b"chat.core.old", b"chat.core.api")


def test_the_byte_order_mark_is_kept(make_project) -> None:
    source = "\ufefffrom chat.core.old import Manager\n# naïve\n".encode()
    assert fixed(make_project, source) == source.replace(b"chat.core.old", b"chat.core.api")


def test_non_ascii_text_before_the_statement_on_its_line_keeps_columns_right(make_project) -> None:
    source = 'é = "ü"; from chat.core.old import Manager, helper\n'
    assert fixed(make_project, source).decode() == (
        'é = "ü"; from chat.core.old import helper; from chat.core.api import Manager\n'
    )
