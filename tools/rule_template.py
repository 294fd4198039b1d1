"""The files ``tools.new_rule`` writes for a new rule: its module, its tests and its docs example.

The rule they make works: a per-file rule flagging every module-level binding of one marker
name (``<CONSTANT>_MARKER``), the simplest logic that uses everything a real rule does — the
parsed source, a needle, a message template, a finding, complete docs with an example the
docs generator runs. Its author then makes that logic, and the docs saying it, the rule's own.

Templates are ``string.Template`` texts (``$code``, ``$name``, ``$module``, ``$constant``,
``$marker``, ``$severity``, ``$example``): the Python they hold is full of ``{}``.
"""

from __future__ import annotations

from string import Template
from typing import NamedTuple


class Names(NamedTuple):
    """How one rule is spelled in each place: ``SOT999``, ``demo-rule``, ``demo_rule``, ``DEMO_RULE``."""

    code: str
    name: str  # kebab-case, the rule's name
    severity: str  # "error" | "warning"

    @property
    def module(self) -> str:
        """The rule's module in ``domain/rules/`` (and its test's suffix)."""
        return self.name.replace("-", "_")

    @property
    def constant(self) -> str:
        """The ``Rule`` object's name in its module."""
        return self.module.upper()

    @property
    def marker(self) -> str:
        """The name the new rule flags until its own logic is written."""
        return f"{self.constant}_MARKER"

    @property
    def example(self) -> str:
        """Its docs example's file, relative to docs/examples/project."""
        return f"chat/{self.module}_example.py"

    def fill(self, template: Template) -> str:
        """The template with this rule's names."""
        return template.substitute(
            code=self.code,
            name=self.name,
            module=self.module,
            constant=self.constant,
            marker=self.marker,
            severity=self.severity.upper(),
            example=self.example,
        )


RULE_MODULE = Template('''\
"""$code: a module-level binding of the marker name `$marker`.

Made by ``python -m tools.new_rule``: a working per-file rule whose logic is the simplest
there is (find one name) so that everything around it — the registry entry, the docs and
their example, the tests, the goldens — is in place. Make its logic, needles, messages and
docs the rule's own (docs/architecture.md, "Adding a rule").
"""

from __future__ import annotations

from collections.abc import Iterator

from importlinter_ssot.domain.findings import Finding, Severity
from importlinter_ssot.domain.policy import Policy
from importlinter_ssot.domain.rules.context import RuleContext
from importlinter_ssot.domain.rules.checks import FileCheck, Needles
from importlinter_ssot.domain.rule_definition import Example, Rule, RuleDoc, Scope
from importlinter_ssot.domain.source import ParsedSource, SourceFile

# The name this rule flags wherever a module binds it.
MARKER = "$marker"

$constant = Rule(
    code="$code",
    name="$name",
    severity=Severity.$severity,
    scope=Scope.FILE,
    summary="a module-level binding of the name `$marker`",
    messages={"bound": "`{name}` is bound here ({kind}); remove it or give it another name"},
    doc=RuleDoc(
        what="""\\
Flags every module-level binding of the name `$marker` — a `class`, a `def` or an
assignment, in the module body or in a module-level `if`, `try` or `with` block — at the
bound name.""",
        why="""\\
`$marker` marks code this rule exists to find. The file alone decides it, so every front end
reports it where it is written, the flake8 plugin in an editor included.""",
        example=Example(files=("$example",), today="2026-06-01"),
        instead="""\\
Remove the binding, or give it another name:

```python
NOT_THE_MARKER = "flagged"
```""",
        notes=(
            "JSON: `symbol` is the bound name; `replacement` is `null`.",
            "A name bound inside a function or a class body is not module level: not reported.",
        ),
    ),
)


def _check(context: RuleContext, source: SourceFile, parsed: ParsedSource) -> Iterator[Finding]:
    for definition in parsed.definitions:
        if definition.name == MARKER:
            yield Finding(
                path=source.path,
                line=definition.position.line,
                column=definition.position.column,
                rule=$constant,
                message=$constant.message("bound", name=definition.name, kind=definition.kind),
                symbol=definition.name,
                policy=context.policy.name,
            )


def _needles(policy: Policy) -> Needles:
    # A file that does not spell the marker cannot bind it (an NFKC spelling: relevance's rule 2).
    return frozenset({MARKER.encode()})


CHECK = FileCheck(rules=($constant,), needles=_needles, check=_check)
''')

TEST_MODULE = Template('''\
"""$code $name: what the rule flags, case by case (add the cases of the rule's own logic here).

Through the ``make_project`` fixture, which also runs each case with every file parsed (the
relevance prefilter proven sound for the rule's needles).
"""

from __future__ import annotations

from importlinter_ssot.domain.rules.$module import $constant, MARKER

POLICY = """
[policy]
root_packages = ["app"]
"""
CODE = $constant.code


def test_module_level_bindings_of_the_marker_are_reported(make_project) -> None:
    files = {
        "app/__init__.py": "",
        "app/as_class.py": f"class {MARKER}:\\n    pass\\n",
        "app/in_an_if.py": f"import sys\\n\\nif sys.platform:\\n    {MARKER} = 1\\n",
        "app/in_a_function.py": f"def f():\\n    {MARKER} = 1\\n",
        "app/elsewhere.py": f"OTHER = '{MARKER}'\\n",
    }
    project = make_project(files, POLICY)
    assert project.check() == [("app/as_class.py", 1, 1, CODE), ("app/in_an_if.py", 4, 5, CODE)]


def test_the_message_names_the_binding(make_project) -> None:
    project = make_project({"app/__init__.py": "", "app/m.py": f"{MARKER} = 1\\n"}, POLICY)
    assert project.message(CODE) == f"`{MARKER}` is bound here (assignment); remove it or give it another name"


def test_a_file_without_the_marker_is_not_parsed_for_it(make_project) -> None:
    # The needle is the marker: a broken file that does not spell it cannot hide a finding (no SOT900).
    project = make_project({"app/__init__.py": "", "app/broken.py": "def f(:\\n"}, POLICY)
    assert project.check() == []
''')

EXAMPLE_FILE = Template('''\
"""Where $code ($name) shows in the docs: this module binds its marker."""

$marker = "flagged"
''')
