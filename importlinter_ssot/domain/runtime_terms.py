"""The words that tie checked code to deprecation warnings at run time (SOT040, SOT041, ``ssot shim``).

Kept in one place: the parser reads a file's runtime facts only when it spells one of
``WARNING_WORDS`` (or is a deprecated module), and the checks read exactly those files.
"""

# The runtime helper a shim calls: the public one, ``from importlinter_ssot.runtime import
# install_shim`` ...
SHIM_HELPER_MODULE = "importlinter_ssot.runtime"
SHIM_HELPER = "install_shim"
# ... or the copy ``ssot shim`` writes at the top of each root package that has generated shims
# (``from app._ssot_compat import install_shim``), so that they need no runtime dependency.
LOCAL_HELPER_MODULE = "_ssot_compat"
# The key under which a shim forwards every other name of a replacement module.
EVERY_OTHER_NAME = "*"

# The functions that warn, and the categories that say "deprecated".
WARN_FUNCTIONS = frozenset({"warnings.warn", "warnings.warn_explicit"})
DEPRECATION_CATEGORIES = frozenset({"DeprecationWarning", "builtins.DeprecationWarning"})
# The warning classes every module sees without importing them: a category spelled otherwise
# and bound by nothing in its file is a parameter or a variable, known only at run time.
BUILTIN_WARNINGS = frozenset(
    {
        "Warning",
        "UserWarning",
        "DeprecationWarning",
        "PendingDeprecationWarning",
        "SyntaxWarning",
        "RuntimeWarning",
        "FutureWarning",
        "ImportWarning",
        "UnicodeWarning",
        "BytesWarning",
        "ResourceWarning",
        "EncodingWarning",
    }
)
# How a function that a function defines is named (``f.<locals>.inner``): Python's own ``__qualname__``.
LOCALS = ".<locals>."
# The category of a warning known only at run time (``warnings.warn(message, category)``).
RUNTIME_CATEGORY = "?"

# Decorators that make each call of what they decorate warn with ``DeprecationWarning`` (or
# their ``category=``): PEP 702's, its backport's, and the ``deprecated`` and ``deprecation``
# packages'. Known by name: the checked code is never imported.
DEPRECATION_DECORATORS = frozenset(
    {
        "warnings.deprecated",
        "typing_extensions.deprecated",
        "deprecated.deprecated",
        "deprecated.classic.deprecated",
        "deprecated.sphinx.deprecated",
        "deprecation.deprecated",
    }
)

# A file that warns (or defines a warning category) spells one of these.
WARNING_WORDS = ("warnings", "DeprecationWarning", SHIM_HELPER)


def local_helper(root_package: str) -> str:
    """The module of the helper's copy in ``root_package``."""
    return f"{root_package}.{LOCAL_HELPER_MODULE}"


def is_shim_helper(callee: str) -> bool:
    """Whether ``callee`` (an absolute dotted name) is the shim helper: the public one or a package's copy."""
    module, _, name = callee.rpartition(".")
    return name == SHIM_HELPER and (module == SHIM_HELPER_MODULE or module.rpartition(".")[2] == LOCAL_HELPER_MODULE)
