"""Helpers shared by the test modules (pytest puts ``tests/`` on ``sys.path``, so ``import support.…`` works).

- ``support.memory_fs``: the FileSystem and CacheStore ports in memory, for engine tests that
  should cost no disk I/O.
- ``support.front_ends``: run ``ssot check``, flake8 and ``lint-imports`` in this process (fast)
  or as real processes (end to end), with a controlled environment.
- ``support.goldens``: the goldens that are pure functions of the bundled example, made one way for
  the tests and for ``docs/generate.py`` (which rewrites them).
"""
