"""Generate a realistic synthetic monorepo, its SSOT policy and an equivalent ruff configuration.

    python benchmarks/generate.py --files 10000 --seed 1 --out /tmp/mono-10k

The output is a pure function of ``(--files, --seed)`` and of ``GENERATOR_VERSION``: the
same arguments write byte-identical trees (whatever the output directory). It holds

    pyproject.toml                 the project marker (no tool configuration)
    mono/ toolkit/                 two root packages, exactly ``--files`` ``*.py`` files in all
    contracts/ssot.toml            the full SSOT policy (every rule kind, dates, globs,
                                   allow_importers, budgets, duplicates)
    contracts/ssot_comparable.toml the subset ruff can express exactly (see below)
    ruff.toml                      ruff ``flake8-tidy-imports.banned-api`` (TID251) equivalent
                                   of ssot_comparable.toml
    bench-manifest.json            generation parameters and statistics of the tree

What the tree looks like (the shape of a real 9.5k-file monorepo):

- nested packages ``mono/{services,libs,apps,platform,integrations,jobs,tools,scripts}/…``
  and ``toolkit/…``, modules 2–5 levels below the root package;
- ~25% of the files in directories without ``__init__.py`` (``tools/``, ``scripts/``,
  ``tests/``, ``migrations/`` subtrees and forgotten ``__init__.py`` files);
- ~18 KB average file size with a long tail (log-normal), plus a few 200–500 KB files
  (generated data tables and very long modules); many ``__init__.py`` files are empty;
- ~10 import statements per file in every form: ``import a.b``, ``import a.b as c``,
  ``from a import b``, parenthesised multi-line ``from a import (b, c)``, relative
  ``from . import x`` / ``from ..pkg.mod import y``, imports inside functions, under
  ``if TYPE_CHECKING:``, in ``try``/``except ImportError``, star imports, stdlib and
  third-party imports;
- ~20% of the files touch the governed symbols and modules (canonical, deprecated and
  non-canonical import paths, deprecated and forbidden modules, forbidden third-party
  modules), a few files redefine governed classes or duplicate names matched by a
  ``[[duplicates]]`` pattern;
- imports written in docstrings, comments and string literals (which are not imports);
- ~0.1% of the files with a syntax error (placed in directories without ``__init__.py``
  so that grimp, which aborts on a syntax error in a package it reads, can still build
  the graph for the lint-imports benchmark);
- an excluded ``mono/libs/vendored/`` directory full of governed imports.

The ruff configuration (``ruff.toml``) and ``contracts/ssot_comparable.toml`` describe the
same rules:

- a ``[[module]]`` rule on ``a.b.c`` (forbidden or deprecated, any ``until``) is the ruff
  ban ``"a.b.c"`` (ruff bans the module, its submodules and ``from a.b import c``);
- a ``[[symbol]]`` is a ruff ban ``"M.Name"`` for the name and each alias, for every
  first-party ``M`` other than the canonical ones that the generated tree imports them
  from (ruff cannot say "any other first-party module", so the generator lists the
  modules it used; ``defined_in`` and the deprecated paths are always listed);
- the symbol plumbing that SSOT exempts (``defined_in``, canonical and deprecated
  modules importing the symbol) is a ruff ``per-file-ignores`` entry for those files,
  which import nothing else that is banned;
- rules with ``allow_importers``, module globs, ``[[duplicates]]`` and budgets are only in
  ``contracts/ssot.toml``: ruff cannot express them. Dates only change a finding's code
  (SOT010 → SOT012, SOT001 → SOT003), not its position, so they are kept.

What the agreement check in ``run.py`` compares is described in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = 2
MIN_FILES = 50
MANIFEST = "bench-manifest.json"
# The date the benchmark judges deprecations on (run.py sets SSOT_TODAY to it).
TODAY = "2026-06-15"

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

DOMAIN_WORDS = """
    accounts admin analytics audit auth billing cart catalog chat checkout clients common
    compliance content crm dashboards delivery discovery documents email experiments feeds
    forecasting fulfilment geo growth identity imports inventory invoicing ledger loyalty
    marketing media membership messaging_ui moderation notifications onboarding orders partners
    payments payouts pricing profiles promotions ranking recommendations refunds reporting
    reviews risk routing scheduling search sessions settlement shipping subscriptions support
    tax tenancy ticketing translations uploads users vendors warehouse webhooks workflows
""".split()
LAYER_WORDS = """
    api adapters application clients commands core domain handlers infrastructure internal jobs
    models ports queries repositories schemas serialization services storage tasks utils v1 v2
    views workers streaming grpc rest events_out policies
""".split()
NAMESPACE_WORDS = """
    tests scripts migrations notebooks fixtures bin examples
""".split()
MODULE_WORDS = """
    api app builders cache cli client commands config constants context controllers converters
    decorators dependencies dto entities enums errors exceptions factories filters formatters
    handlers helpers hooks interfaces loaders mappers metrics middleware mixins models parsers
    permissions pipeline providers queries registry repository responses routes rules schemas
    selectors serializers service signals state tasks types utils validators views workers
    retry_logic pagination throttling audit_log feature_flags
""".split()
CLASS_PREFIXES = """
    Account Address Audit Basket Batch Catalog Charge Checkout Coupon Customer Delivery Document
    Export Feature Feed Invoice Ledger Listing Member Metric Order Partner Payment Payout Price
    Product Profile Quote Rating Receipt Refund Report Review Route Schedule Search Session
    Shipment Sku Stock Subscription Tariff Tenant Ticket Token Upload User Vendor Voucher
    Warehouse Webhook Workflow
""".split()
CLASS_SUFFIXES = """
    Adapter Builder Client Command Config Controller Dto Error Event Exporter Factory Filter
    Formatter Gateway Handler Importer Mapper Model Parser Processor Provider Query Record
    Registry Repository Request Resolver Response Result Schema Selector Serializer Service
    Snapshot Spec State Store Strategy Validator View Worker
""".split()
VERBS = """
    apply build calculate check collect compute convert create decode delete dispatch encode
    ensure export fetch filter find flush format handle import index load lookup merge normalize
    parse prepare process publish refresh register render resolve retry save schedule send
    serialize split store sync track transform update upsert validate
""".split()
NOUNS = """
    account address amount batch buffer cache cart channel config context count currency cursor
    customer data deadline delta entry event items key limit line locale mapping message
    metadata offset order owner page payload period price record region request response result
    rows session snapshot status summary tenant timeout token total user value version window
""".split()
ATTRS = """
    id name status created_at updated_at owner_id tenant_id amount currency items metadata
    version region priority retries enabled timeout kind source target labels
""".split()
TYPES = [
    "int",
    "str",
    "float",
    "bool",
    "bytes",
    "dict[str, Any]",
    "list[str]",
    "list[int]",
    "Optional[str]",
    "Optional[int]",
    "tuple[int, int]",
    "set[str]",
    "list[dict[str, Any]]",
    "Any",
    "str | None",
    "int | None",
    "dict[str, int]",
]
EXCEPTIONS = """
    ValueError KeyError TypeError RuntimeError LookupError OSError TimeoutError
""".split()
WORDS = (
    "the a this each every when if unless before after request response value cache record "
    "order user tenant payment invoice service handler client returns raises ensures retries "
    "computes validates stores loads caches emits publishes updates converts normalises "
    "merges skips keeps drops batches streams legacy new current deprecated temporary "
    "migration fallback default explicit lazily eagerly safely atomically idempotent "
    "consistent stale fresh pending failed succeeded queued delayed expired active"
).split()

STDLIB_IMPORTS = [
    "import os",
    "import sys",
    "import json",
    "import re",
    "import logging",
    "import asyncio",
    "import functools",
    "import itertools",
    "import contextlib",
    "import uuid",
    "import time",
    "import datetime",
    "import datetime as dt",
    "import decimal",
    "import enum",
    "import hashlib",
    "import threading",
    "import collections",
    "import typing as t",
    "from pathlib import Path",
    "from decimal import Decimal",
    "from dataclasses import dataclass, field",
    "from enum import Enum",
    "from functools import lru_cache, partial",
    "from collections import defaultdict",
    "from collections.abc import Iterable, Mapping, Sequence",
    "from typing import Any, Optional",
    "from typing import Any, Callable, Optional, TypeVar",
    "from contextlib import contextmanager",
    "from datetime import datetime, timedelta, timezone",
    "import os.path",
    "import urllib.parse",
    "import concurrent.futures as futures",
    "import xml.etree.ElementTree as ET",
    "from http import HTTPStatus",
]
STDLIB_MULTILINE = [
    "from typing import (\n    TYPE_CHECKING,\n    Any,\n    ClassVar,\n    Optional,\n    Protocol,\n)",
    "from collections.abc import (\n    AsyncIterator,\n    Awaitable,\n    Iterable,\n    Mapping,\n)",
    "from dataclasses import (\n    asdict,\n    dataclass,\n    field,\n    replace,\n)",
]
THIRD_PARTY_IMPORTS = [
    "import requests",
    "import numpy as np",
    "import pandas as pd",
    "import yaml",
    "import attr",
    "import sqlalchemy as sa",
    "import httpx",
    "import redis",
    "import boto3",
    "from pydantic import BaseModel, Field",
    "from sqlalchemy.orm import Session",
    "from celery import shared_task",
    "from fastapi import APIRouter, Depends, HTTPException",
    "from django.db import models",
    "from django.conf import settings as django_settings",
    "from marshmallow import Schema, fields",
    "import structlog",
    "from tenacity import retry",
    "from google.protobuf import json_format",
    "import grpc",
]
OPTIONAL_IMPORTS = [
    ("import ujson as fast_json", "import json as fast_json"),
    ("import orjson", "orjson = None  # type: ignore[assignment]"),
    ("from lxml import etree", "import xml.etree.ElementTree as etree"),
    ("import uvloop", "uvloop = None"),
]

# --------------------------------------------------------------------------------------
# The governed part of the tree (fixed module paths; files written by the generator)
# --------------------------------------------------------------------------------------

WS = "WebSocketManager"
WS_ALIAS = "UnifiedWebSocketManager"
EB = "EventBus"
RP = "RetryPolicy"
CL = "ConfigLoader"

SYMBOLS = {
    WS: {
        "aliases": [WS_ALIAS],
        "defined_in": "mono.platform.realtime.unified_manager",
        "canonical": ["mono.platform.realtime.websocket_manager"],
        "deprecated": [
            ("mono.platform.realtime", "2099-12-31", "the package re-export is going away"),
            ("mono.platform.realtime.manager", None, "compatibility shim"),
        ],
        "allow_importers": [],
        "max_import_patterns": 6,
        "comparable": True,
    },
    EB: {
        "aliases": [],
        "defined_in": "mono.libs.events.bus",
        "canonical": ["mono.libs.events"],
        "deprecated": [("mono.libs.messaging.compat", "2020-01-01", "messaging was merged into events")],
        "allow_importers": [],
        "max_import_patterns": None,
        "comparable": True,
    },
    RP: {
        "aliases": [],
        "defined_in": "toolkit.resilience.retry",
        "canonical": ["toolkit.resilience"],
        "deprecated": [("toolkit.compat", None, None)],
        "allow_importers": [],
        "max_import_patterns": 3,
        "comparable": True,
    },
    CL: {  # allow_importers: not expressible in ruff
        "aliases": [],
        "defined_in": "mono.libs.config.loader",
        "canonical": ["mono.libs.config.loader"],
        "deprecated": [],
        "allow_importers": ["mono.tools.**"],
        "max_import_patterns": None,
        "comparable": False,
    },
}

# Governed names appear in imports only where the generator decides (governed_statement).
GOVERNED_NAMES = frozenset([*SYMBOLS, *(alias for spec in SYMBOLS.values() for alias in spec["aliases"])])

MODULE_RULES = [
    # (name, status, until, replacement, message, allow_importers, comparable)
    (
        "mono.platform.realtime.canonical_import_patterns",
        "forbidden",
        None,
        "mono.platform.realtime.websocket_manager",
        "removed in phase 2C",
        [],
        True,
    ),
    ("mono.libs.legacy.http_client", "deprecated", "2099-12-31", "mono.libs.http", None, [], True),
    (
        "mono.libs.legacy.serializers",
        "deprecated",
        "2021-06-30",
        "mono.libs.serialization",
        "the legacy serializers are past their removal date",
        [],
        True,
    ),
    ("six", "forbidden", None, None, "Python 2 compatibility is gone", [], True),
    ("simplejson", "deprecated", None, "json", None, [], True),
    (
        "mono.platform.db.raw",
        "forbidden",
        None,
        "mono.platform.db.session",
        "use the session API",
        ["mono.platform.db.**", "mono.jobs.**"],
        False,
    ),
    ("mono.*.internal_compat", "forbidden", None, None, "internal compatibility layers are private", [], False),
]

DUPLICATES = [("*WebSocketManager*", ["mono.**"]), ("*ConnectionPool", ["mono.**"])]
EXCLUDE = ["**/vendored/**"]

# name -> (is_init, public names, text builder key)
FIXTURES: dict[str, tuple[str, ...]] = {
    "mono": (),
    "mono.platform": (),
    "mono.platform.realtime": (WS, WS_ALIAS),
    "mono.platform.realtime.unified_manager": (WS, WS_ALIAS, "WebSocketManagerMode"),
    "mono.platform.realtime.websocket_manager": (WS, WS_ALIAS),
    "mono.platform.realtime.manager": (WS, WS_ALIAS),
    "mono.platform.realtime.canonical_import_patterns": ("get_manager", "MANAGER_IMPORT_PATH"),
    "mono.platform.db": (),
    "mono.platform.db.raw": ("execute_raw", "RawCursor"),
    "mono.platform.db.session": ("SessionFactory", "open_session"),
    "mono.libs": (),
    "mono.libs.events": (EB,),
    "mono.libs.events.bus": (EB, "EventEnvelope"),
    "mono.libs.messaging": (),
    "mono.libs.messaging.compat": (EB,),
    "mono.libs.legacy": (),
    "mono.libs.legacy.http_client": ("get", "post", "LegacySession"),
    "mono.libs.legacy.serializers": ("dump", "load", "LegacyEncoder"),
    "mono.libs.config": (CL,),
    "mono.libs.config.loader": (CL, "load_settings"),
    "mono.libs.internal_compat": ("patch_all",),
    "mono.services": (),
    "mono.services.internal_compat": ("legacy_entrypoint",),
    "toolkit": (),
    "toolkit.resilience": (RP,),
    "toolkit.resilience.retry": (RP, "Backoff"),
    "toolkit.compat": (RP,),
}
# A tuple, not a set: iteration order must not depend on string hashing (determinism).
FIXTURE_PACKAGES = tuple(name for name in FIXTURES if any(other.startswith(name + ".") for other in FIXTURES))
ROOTS = ["mono", "toolkit"]
ROOT_GROUPS = {
    "mono": [
        ("services", True, 5),
        ("libs", True, 3),
        ("apps", True, 2),
        ("platform", True, 2),
        ("integrations", True, 1.5),
        ("jobs", True, 1.2),
        ("tools", False, 1.2),
        ("scripts", False, 0.8),
    ],
    "toolkit": [("resilience", True, 0.3), ("io", True, 0.3), ("text", True, 0.3), ("testing", False, 0.3)],
}


# --------------------------------------------------------------------------------------
# Planning
# --------------------------------------------------------------------------------------


@dataclass
class Directory:
    segments: tuple[str, ...]
    has_init: bool
    capacity: int = 0
    children: set[str] = field(default_factory=set)

    @property
    def depth(self) -> int:
        return len(self.segments) - 1

    @property
    def name(self) -> str:
        return ".".join(self.segments)


@dataclass
class Module:
    name: str
    path: str
    is_init: bool
    in_package_dir: bool  # its directory has an __init__.py
    publics: list[str]
    kind: str = "normal"  # normal | init | fixture | huge_code | huge_data | syntax | vendored
    size: int = 0
    governed: list[tuple] = field(default_factory=list)
    extra_defs: list[str] = field(default_factory=list)
    reexports_ws: bool = False
    doc_imports: bool = False

    @property
    def package(self) -> str:
        return self.name if self.is_init else self.name.rpartition(".")[0]


def _module_path(name: str, is_init: bool) -> str:
    return name.replace(".", "/") + ("/__init__.py" if is_init else ".py")


class Plan:
    def __init__(self, files: int, seed: int) -> None:
        if files < MIN_FILES:
            raise ValueError(f"--files must be at least {MIN_FILES}")
        self.files = files
        self.seed = seed
        self.rng = random.Random(f"ssot-bench:{seed}:plan")
        self.modules: dict[str, Module] = {}
        self.directories: dict[tuple[str, ...], Directory] = {}
        self.leaves: dict[str, set[str]] = {}  # package name -> module leaf names in it
        self._plan()

    # -- helpers ----------------------------------------------------------------------------

    def class_name(self) -> str:
        return self.rng.choice(CLASS_PREFIXES) + self.rng.choice(CLASS_SUFFIXES)

    def function_name(self) -> str:
        return f"{self.rng.choice(VERBS)}_{self.rng.choice(NOUNS)}"

    def publics(self) -> list[str]:
        names = [self.class_name() for _ in range(self.rng.randint(1, 4))]
        names += [self.function_name() for _ in range(self.rng.randint(1, 4))]
        if self.rng.random() < 0.3:
            names.append(f"DEFAULT_{self.rng.choice(NOUNS).upper()}")
        return list(dict.fromkeys(names))

    def add_module(self, name: str, is_init: bool, in_package_dir: bool, kind: str, publics: list[str]) -> Module:
        module = Module(name, _module_path(name, is_init), is_init, in_package_dir, publics, kind)
        self.modules[module.path] = module
        if not is_init:
            parent, _, leaf = name.rpartition(".")
            self.leaves.setdefault(parent, set()).add(leaf)
        return module

    # -- the plan -------------------------------------------------------------------------

    def _plan(self) -> None:
        rng = self.rng
        # Fixtures: the governed modules and their packages.
        for name, publics in FIXTURES.items():
            is_init = name in FIXTURE_PACKAGES
            self.add_module(name, is_init, True, "fixture", list(publics))
        for name in FIXTURE_PACKAGES:
            segments = tuple(name.split("."))
            self.directories[segments] = Directory(segments, True)
        # The excluded vendored directory (3 modules + __init__).
        vendored = ("mono", "libs", "vendored")
        self.directories[vendored] = Directory(vendored, True)
        self.directories[("mono", "libs")].children.add("vendored")
        self.add_module("mono.libs.vendored", True, True, "vendored", [])
        for word in ("websockets_compat", "eventlib", "retrying"):
            self.add_module(f"mono.libs.vendored.{word}", False, True, "vendored", self.publics())
        # Root groups.
        weights: dict[tuple[str, ...], float] = {}
        for root, groups in ROOT_GROUPS.items():
            for group, has_init, weight in groups:
                segments = (root, group)
                directory = self.directories.setdefault(segments, Directory(segments, has_init))
                self.directories[(root,)].children.add(group)
                weights[segments] = weight
                if has_init and f"{root}.{group}" not in FIXTURES:
                    self.add_module(f"{root}.{group}", True, True, "init", [])
                directory.capacity = rng.randint(0, 4)
        # Grow the tree until it holds enough files.
        budget = self.files - len(self.modules)
        planned = sum(d.capacity for d in self.directories.values())
        namespace_files = sum(d.capacity for d in self.directories.values() if not d.has_init)
        parents: list[Directory] = []
        cumulative: list[float] = []

        def add_parent(directory: Directory) -> None:
            if 1 <= directory.depth <= 3 and directory.segments != vendored:
                weight = weights.get(directory.segments[:2], 1.0)
                weight *= 1.6 if directory.depth == 1 else 1.0 if directory.depth == 2 else 0.55
                parents.append(directory)
                cumulative.append((cumulative[-1] if cumulative else 0.0) + weight)

        for directory in list(self.directories.values()):
            add_parent(directory)
        while planned < budget:
            parent = rng.choices(parents, cum_weights=cumulative)[0]
            fraction = namespace_files / planned if planned else 0.0
            if not parent.has_init:  # mostly namespace subtrees, steered towards ~25% of the files
                has_init = rng.random() >= min(0.9, max(0.1, 0.5 + 3.0 * (0.25 - fraction)))
                word = self._child_word(parent, NAMESPACE_WORDS + LAYER_WORDS)
            elif rng.random() < 0.06:
                has_init = False
                word = self._child_word(parent, NAMESPACE_WORDS)
            else:
                p_namespace = min(0.6, max(0.0, 0.12 + 3.0 * (0.25 - fraction)))
                has_init = rng.random() >= p_namespace
                pool = DOMAIN_WORDS if parent.depth == 1 else LAYER_WORDS + DOMAIN_WORDS[:20]
                word = self._child_word(parent, pool)
            segments = (*parent.segments, word)
            capacity = max(0, int(rng.lognormvariate(math.log(8), 0.7)))
            directory = Directory(segments, has_init, capacity)
            self.directories[segments] = directory
            parent.children.add(word)
            add_parent(directory)
            planned += capacity + (1 if has_init else 0)
            if not has_init:
                namespace_files += capacity
        # Materialise modules; trim the overshoot at the end.
        overshoot = planned - budget
        ordered = [d for d in self.directories.values() if d.segments != vendored]
        for directory in reversed(ordered):
            if overshoot <= 0:
                break
            cut = min(overshoot, directory.capacity)
            directory.capacity -= cut
            overshoot -= cut
        for directory in ordered:
            if directory.has_init and len(directory.segments) > 2 and directory.name not in FIXTURES:
                self.add_module(directory.name, True, True, "init", [])
            used: set[str] = set(directory.children) | self.leaves.get(directory.name, set())
            for _ in range(directory.capacity):
                word = rng.choice(MODULE_WORDS)
                if word in used:
                    word = f"{word}_{len(used)}"
                used.add(word)
                self.add_module(f"{directory.name}.{word}", False, directory.has_init, "normal", self.publics())
        assert len(self.modules) == self.files, (len(self.modules), self.files)
        self._plan_special_files()
        self._plan_governed()

    def _child_word(self, parent: Directory, pool: list[str]) -> str:
        taken = parent.children | self.leaves.get(parent.name, set())
        choices = [word for word in pool if word not in taken]
        if choices:
            return self.rng.choice(choices)
        return f"{self.rng.choice(pool)}_{len(parent.children)}"

    def normal_modules(self) -> list[Module]:
        return [m for m in self.modules.values() if m.kind == "normal"]

    def _plan_special_files(self) -> None:
        rng = self.rng
        normal = self.normal_modules()
        namespace = [m for m in normal if not m.in_package_dir]
        count = max(1, round(self.files * 0.001))
        for module in rng.sample(namespace or normal, min(count, len(namespace or normal))):
            module.kind = "syntax"
        normal = self.normal_modules()
        huge = max(1, round(self.files * 0.0015))
        for index, module in enumerate(rng.sample(normal, min(huge, len(normal)))):
            module.kind = "huge_data" if index % 2 else "huge_code"
            module.size = rng.randint(200_000, 500_000)
        # File sizes: log-normal, mean ~19.5 KB for modules (so that ~18 KB overall with the
        # small __init__.py files and the huge files), clipped.
        for module in self.modules.values():
            if module.size:
                continue
            if module.kind == "init":
                module.size = 0 if rng.random() < 0.55 else int(rng.lognormvariate(math.log(600), 0.8))
            elif module.kind == "fixture" or module.kind == "vendored":
                module.size = int(rng.lognormvariate(math.log(3000), 0.6))
            else:
                module.size = min(160_000, max(400, int(rng.lognormvariate(math.log(8_300), 1.0))))

    def _plan_governed(self) -> None:
        rng = self.rng
        normal = [m for m in self.modules.values() if m.kind in ("normal", "huge_code", "syntax")]
        in_packages = [m for m in normal if m.in_package_dir and m.kind == "normal"]
        # Rogue re-exporters of WebSocketManager (SOT002 there and at their importers).
        rogues = rng.sample(in_packages, min(len(in_packages), 1 + self.files // 2500))
        for module in rogues:
            module.reexports_ws = True
            module.publics = [*module.publics, WS]
        # Redefinitions of governed names (SOT020; one file defines WS twice: SOT021).
        rest = [m for m in in_packages if not m.reexports_ws]
        redefinitions = rng.sample(rest, min(len(rest), 2 + self.files // 4000))
        for index, module in enumerate(redefinitions):
            name = [WS, EB, WS][index % 3]
            module.extra_defs.append(name + ("*2" if index == 0 else ""))
            module.publics = [*module.publics, name]
        rest = [m for m in rest if not m.extra_defs]
        # Duplicates matched by [[duplicates]] patterns (SOT022).
        duplicates = rng.sample(rest, min(len(rest), 4 + self.files // 3000))
        for index, module in enumerate(duplicates):
            module.extra_defs.append("LegacyWebSocketManager" if index < 2 else "ConnectionPool")
        ws_sources = sorted(m.name for m in rogues) + sorted(
            m.name for m in redefinitions if any(d.startswith(WS) for d in m.extra_defs)
        )
        eb_sources = sorted(m.name for m in redefinitions if any(d.startswith(EB) for d in m.extra_defs))
        # ~20% of all files touch the governed symbols/modules.
        touching_count = min(len(normal), round(self.files * 0.2)) - len(rogues)
        touching = rng.sample(normal, max(0, touching_count))
        kinds = [
            (("sym", WS, "canonical"), 14),
            (("sym", WS, "deprecated0"), 6),
            (("sym", WS, "deprecated1"), 5),
            (("sym", WS, "defined_in"), 4),
            (("sym", WS, "other"), 4),
            (("sym", EB, "canonical"), 8),
            (("sym", EB, "deprecated0"), 4),
            (("sym", EB, "defined_in"), 3),
            (("sym", EB, "other"), 1),
            (("sym", RP, "canonical"), 5),
            (("sym", RP, "deprecated0"), 2),
            (("sym", RP, "defined_in"), 1),
            (("sym", CL, "canonical"), 4),
            (("sym", CL, "package"), 4),
            (("mod", 0), 5),
            (("mod", 1), 6),
            (("mod", 2), 4),
            (("mod", 3), 3),
            (("mod", 4), 3),
            (("mod", 5), 5),
            (("mod", 6), 3),
        ]
        population = [kind for kind, _ in kinds]
        kind_weights = [weight for _, weight in kinds]
        for module in touching:
            count = 1 + (rng.random() < 0.4) + (rng.random() < 0.15)
            for kind in rng.choices(population, kind_weights, k=count):
                if kind[0] == "sym" and kind[2] == "other":
                    sources = ws_sources if kind[1] == WS else eb_sources
                    sources = [s for s in sources if s != module.name]
                    if not sources:
                        continue
                    module.governed.append((*kind, rng.choice(sources)))
                else:
                    module.governed.append(kind)
        for module in self.modules.values():
            if module.kind == "vendored" and not module.is_init:
                module.governed += [("sym", WS, "defined_in"), ("mod", 0), ("mod", 3)]
        # Imports written in docstrings/comments/strings (not imports).
        for module in rng.sample(normal, max(1, len(normal) // 8)):
            module.doc_imports = True

    # -- statistics -----------------------------------------------------------------------

    def edit_target(self) -> Module:
        """A mid-size package file that touches governed names: the file run.py edits."""
        candidates = [
            m
            for m in self.modules.values()
            if m.kind == "normal" and m.in_package_dir and m.governed and 8_000 <= m.size <= 30_000
        ] or [m for m in self.modules.values() if m.kind == "normal"]
        return sorted(candidates, key=lambda m: m.path)[len(candidates) // 2]


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------
#
# The generated code is meant to look like a real, mostly lint-clean code base (flake8
# with max-line-length = 120 reports little on it): local names are defined before use,
# imports are used (module-level ``_DEPENDENCIES``), lines stay under 120 characters.
# That matters for the flake8 benchmark: thousands of reported problems per file would
# inflate the baseline and hide the plugin's cost.


def _sentence(rng: random.Random, low: int = 5, high: int = 12) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, indent: str, sentences: int) -> str:
    """Sentences wrapped at ~88 columns, each line prefixed with ``indent`` (not the first)."""
    words = " ".join(_sentence(rng) for _ in range(sentences)).split()
    lines, current = [], ""
    for word in words:
        if current and len(indent) + len(current) + len(word) + 1 > 88:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return f"\n{indent}".join(lines)


def _bindings(statement: str) -> list[str]:
    """Names bound by import statements (``*`` imports bind nothing we can list)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(statement)):
        if isinstance(node, ast.Import):
            names += [alias.asname or alias.name.partition(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += [alias.asname or alias.name for alias in node.names if alias.name != "*"]
    return list(dict.fromkeys(names))


class BodyPool:
    """Pre-rendered (parameters, body) pairs, combined with fresh names into each file (speed).

    A body only reads its parameters, names it assigned before, ``self`` (methods),
    ``logger`` and builtins, and returns what it computed.
    """

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"ssot-bench:{seed}:pool")
        self.methods = [self._entry(rng, 8, True) for _ in range(1500)]
        self.functions = [self._entry(rng, 4, False) for _ in range(1000)]

    def _entry(self, rng: random.Random, indent: int, method: bool) -> tuple[list[str], str]:
        params = rng.sample(NOUNS, rng.randint(1, 3))
        scope = list(params)
        assigned: list[str] = []
        lines = self._block(rng, indent, 0, rng.randint(3, 12), scope, assigned, method)
        pad = " " * indent
        unused = [name for name in dict.fromkeys(assigned)]
        if not unused:
            lines.append(f"{pad}return {self._expr(rng, scope, method)}")
        elif len(unused) == 1:
            lines.append(f"{pad}return {unused[0]}")
        else:
            lines.append(f"{pad}return {{")
            lines += [f"{pad}    {n!r}: {n}," for n in unused]
            lines.append(f"{pad}}}")
        return params, "\n".join(lines)

    def _expr(self, rng: random.Random, scope: list[str], method: bool) -> str:
        a, b = rng.choice(scope), rng.choice(scope)
        attr, other = rng.sample(ATTRS, 2)
        number = rng.randint(0, 100)
        options = [
            f"{a}.get({attr!r}, {number})",
            f"len({a})",
            f"[item for item in {a} if item.{attr}]",
            f"{{{attr!r}: {a}, {other!r}: {b}}}",
            f"{a} is not None and {b} > {number}",
            f"sorted({a}, key=lambda item: item.{attr})",
            f'f"{{{a}}}-{{{b}}}"',
            f"{number}",
            f"{a} or {b}",
            f"sum(entry.{attr} for entry in {a})",
            f"dict({attr}={a}, {other}={b})",
            f"{a}.{rng.choice(VERBS)}_{rng.choice(NOUNS)}(timeout={number})",
        ]
        if method:
            options += [f"self.{attr}", f"self._{rng.choice(VERBS)}_{rng.choice(NOUNS)}({a}, limit={number})"]
        return rng.choice(options)

    def _block(
        self,
        rng: random.Random,
        indent: int,
        depth: int,
        count: int,
        scope: list[str],
        assigned: list[str],
        method: bool,
    ) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        real = 0
        for _ in range(count):
            roll = rng.random()
            target = rng.choice(NOUNS)
            if roll < 0.08:
                lines.append(f"{pad}# {_sentence(rng, 4, 10)}")
                continue
            real += 1
            if depth < 2 and roll < 0.22:
                lines.append(f"{pad}if {self._expr(rng, scope, method)}:")
                lines += self._block(rng, indent + 4, depth + 1, rng.randint(1, 3), scope, assigned, method)
                if rng.random() < 0.4:
                    lines.append(f"{pad}else:")
                    lines += self._block(rng, indent + 4, depth + 1, rng.randint(1, 2), scope, assigned, method)
            elif depth < 2 and roll < 0.32:
                source = self._expr(rng, scope, method)
                scope.append(target)
                lines.append(f"{pad}for {target} in {source}:")
                lines += self._block(rng, indent + 4, depth + 1, rng.randint(1, 3), scope, assigned, method)
            elif depth < 2 and roll < 0.38:
                lines.append(f"{pad}try:")
                lines += self._block(rng, indent + 4, depth + 1, rng.randint(1, 3), scope, assigned, method)
                lines.append(f"{pad}except {rng.choice(EXCEPTIONS)} as exc:")
                lines.append(f'{pad}    logger.warning("{rng.choice(VERBS)} {target} failed: %s", exc)')
                lines.append(f"{pad}    raise")
            elif depth < 2 and roll < 0.41:
                source = rng.choice(scope)
                lines.append(f'{pad}with open({source}, encoding="utf-8") as handle:')
                lines.append(f"{pad}    {target} = handle.read()")
                scope.append(target)
                assigned.append(target)
            elif roll < 0.50:
                lines.append(f'{pad}logger.debug("{rng.choice(VERBS)} %s", {rng.choice(scope)})')
            elif roll < 0.55 and depth > 0:
                name = rng.choice(scope)
                lines.append(f'{pad}raise {rng.choice(EXCEPTIONS)}(f"invalid {name}: {{{name}!r}}")')
                break
            else:
                value = self._expr(rng, scope, method)
                annotation = f": {rng.choice(TYPES)}" if roll < 0.62 and target not in scope else ""
                lines.append(f"{pad}{target}{annotation} = {value}")
                scope.append(target)
                assigned.append(target)
        if real == 0:
            lines.append(f"{pad}pass")
        return lines


def _relative(importer: Module, target: str) -> str | None:
    """A relative form (``..pkg.mod``) of ``target`` from ``importer``, if it stays close."""
    package = importer.package.split(".")
    parts = target.split(".")
    common = 0
    for left, right in zip(package, parts, strict=False):
        if left != right:
            break
        common += 1
    if common < 2:
        return None
    level = len(package) - common + 1
    if level > 3:
        return None
    return "." * level + ".".join(parts[common:])


class Renderer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.pool = BodyPool(plan.seed)
        self.by_name = {m.name: m for m in plan.modules.values()}
        importable = [
            m
            for m in plan.modules.values()
            if m.kind in ("normal", "huge_code", "init", "syntax") and m.name.count(".") >= 2
        ]
        self.importable = sorted(importable, key=lambda m: m.path)
        self.by_group: dict[str, list[Module]] = {}
        self.children: dict[str, list[Module]] = {}
        for module in self.importable:
            self.by_group.setdefault(".".join(module.name.split(".")[:2]), []).append(module)
            if not module.is_init:
                self.children.setdefault(module.name.rpartition(".")[0], []).append(module)
        # Absolute first-party `from M import <governed name>` actually written: (M, name).
        self.symbol_imports: set[tuple[str, str]] = set()
        self.statements = 0
        self.governed_statements = 0

    # -- import statements ------------------------------------------------------------------

    def _from(self, rng: random.Random, source: str, names: list[str], force_multiline: bool = False) -> str:
        single = f"from {source} import {', '.join(names)}"
        if force_multiline or len(single) > 100 or (len(names) > 1 and rng.random() < 0.4):
            inner = "".join(f"    {name},\n" for name in names)
            return f"from {source} import (\n{inner})"
        return single

    def random_first_party(self, rng: random.Random, module: Module) -> str:
        group = ".".join(module.name.split(".")[:2])
        pool = self.by_group.get(group) if rng.random() < 0.6 else None
        target = rng.choice(pool or self.importable)
        if target.name == module.name:
            target = rng.choice(self.importable)
        names = [n for n in target.publics if n not in GOVERNED_NAMES] or ["__version__"]
        chosen = rng.sample(names, min(len(names), rng.randint(1, 3)))
        roll = rng.random()
        relative = _relative(module, target.name) if rng.random() < 0.35 else None
        parent, _, leaf = target.name.rpartition(".")
        if relative is not None:
            if roll < 0.25 and not relative.endswith("."):
                parent_relative = _relative(module, parent)
                if parent_relative is not None:
                    return f"from {parent_relative} import {leaf}"
            return self._from(rng, relative, chosen)
        if roll < 0.18:
            return f"import {target.name}"
        if roll < 0.30:
            return f"import {target.name} as {leaf}_mod"
        if roll < 0.45:
            return f"from {parent} import {leaf}"
        return self._from(rng, target.name, chosen)

    def governed_statement(self, rng: random.Random, module: Module, kind: tuple) -> str:
        """One import statement for a governed kind (without indentation)."""
        self.governed_statements += 1
        if kind[0] == "sym":
            symbol, variant = kind[1], kind[2]
            spec = SYMBOLS[symbol]
            plumbing = (spec["defined_in"], *spec["canonical"], *(d[0] for d in spec["deprecated"]))
            if variant == "canonical":
                source = spec["canonical"][0]
            elif variant.startswith("deprecated"):
                source = spec["deprecated"][int(variant[-1])][0]
            elif variant == "defined_in":
                source = spec["defined_in"]
            elif variant == "package":
                source = spec["defined_in"].rpartition(".")[0]
            else:
                source = kind[3]
            names = [symbol]
            if spec["aliases"] and source in plumbing and rng.random() < 0.3:
                names = [spec["aliases"][0]] if rng.random() < 0.6 else [spec["aliases"][0], symbol]
            relative = _relative(module, source) if rng.random() < 0.3 else None
            if relative is None:
                self.symbol_imports.update((source, name) for name in names)
            text_source = relative or source
            if len(names) == 1 and rng.random() < 0.15:
                return f"from {text_source} import {names[0]} as {names[0]}Impl"
            return self._from(rng, text_source, names, force_multiline=rng.random() < 0.25)
        rule = MODULE_RULES[kind[1]]
        target = rule[0]
        if target == "mono.*.internal_compat":
            target = rng.choice(["mono.libs.internal_compat", "mono.services.internal_compat"])
        if target == "six":
            return rng.choice(["import six", "from six.moves import urllib", "from six import PY3, string_types"])
        if target == "simplejson":
            return rng.choice(["import simplejson", "import simplejson as json", "from simplejson import dumps"])
        target_module = self.by_name[target]
        parent, _, leaf = target.rpartition(".")
        relative = _relative(module, target) if rng.random() < 0.3 else None
        roll = rng.random()
        if relative is not None:
            parent_relative = _relative(module, parent)
            if roll < 0.5 and parent_relative is not None:
                return f"from {parent_relative} import {leaf}"
            return f"from {relative} import {rng.choice(target_module.publics)}"
        if roll < 0.22:
            return f"import {target}"
        if roll < 0.36:
            return f"import {target} as {leaf}_legacy"
        if roll < 0.60:
            return self._from(rng, target, rng.sample(target_module.publics, min(2, len(target_module.publics))))
        if roll < 0.76:
            return f"from {parent} import {leaf}"
        if roll < 0.88:
            return f"from {parent} import (\n    {leaf},\n)"
        return f"from {target} import *"

    # -- files ------------------------------------------------------------------------------

    def render(self, module: Module) -> str:
        rng = random.Random(f"ssot-bench:{self.plan.seed}:{module.path}")
        if module.kind == "fixture":
            return self.render_fixture(rng, module)
        if module.kind == "init":
            return self.render_init(rng, module)
        if module.kind == "huge_data":
            return self.render_data(rng, module)
        return self.render_module(rng, module)

    def render_init(self, rng: random.Random, module: Module) -> str:
        if module.size == 0:
            return ""
        lines = [f'"""{_sentence(rng, 4, 10)}"""', ""]
        exported: list[str] = []
        for child in self.children.get(module.name, [])[:3]:
            names = [n for n in child.publics if n[0].isupper() and n not in GOVERNED_NAMES][:2]
            if names:
                lines.append(f"from .{child.name.rpartition('.')[2]} import {', '.join(names)}")
                exported += names
                self.statements += 1
        if exported:
            lines += ["", "__all__ = [" + ", ".join(repr(n) for n in dict.fromkeys(exported)) + "]"]
        text = "\n".join(lines) + "\n"
        while len(text) < module.size:
            text += f"\n# {_sentence(rng)}\n"
        return text

    def render_data(self, rng: random.Random, module: Module) -> str:
        parts = [
            f'"""Generated translation catalogue ({rng.randint(2, 40)} locales). Do not edit."""\n\n',
            "from __future__ import annotations\n\nfrom typing import Final\n\n",
            "CATALOGUE: Final[dict[str, dict[str, str]]] = {\n",
        ]
        size = sum(len(p) for p in parts)
        index = 0
        while size < module.size:
            key = f"{rng.choice(DOMAIN_WORDS)}.{rng.choice(NOUNS)}.{index}"
            entry = (
                f"    {key!r}: {{\n        'en': {_sentence(rng)!r},\n        'de': {_sentence(rng)!r},\n"
                f"        'fr': {_sentence(rng)!r},\n    }},\n"
            )
            parts.append(entry)
            size += len(entry)
            index += 1
        parts.append("}\n")
        return "".join(parts)

    def doc_block(self, rng: random.Random) -> tuple[str, str, str]:
        """(docstring addition, comment lines, string constant) mentioning imports (not imports)."""
        mentions = [
            "from mono.platform.realtime.manager import WebSocketManager",
            "from mono.platform.realtime.unified_manager import UnifiedWebSocketManager",
            "import mono.platform.realtime.canonical_import_patterns",
            "from mono.libs.legacy import serializers",
            "import six",
            "from mono.libs.messaging.compat import EventBus",
            "from toolkit.compat import RetryPolicy",
        ]
        picked = rng.sample(mentions, 2)
        doc = "\n\nExample::\n\n    " + "\n    ".join(picked) + "\n\n>>> " + rng.choice(mentions) + "\n"
        comment = f"# TODO: drop `{rng.choice(mentions)}` once every caller has migrated\n# {rng.choice(mentions)}\n"
        constant = f"LEGACY_IMPORT_HINT = {rng.choice(mentions)!r}\n"
        return doc, comment, constant

    def render_module(self, rng: random.Random, module: Module) -> str:
        # Governed statements and where they go.
        top: list[str] = []
        in_type_checking: list[str] = []
        in_try: list[str] = []
        in_function: list[str] = []
        for kind in module.governed:
            statement = self.governed_statement(rng, module, kind)
            roll = rng.random()
            bucket = top if roll < 0.6 else in_function if roll < 0.75 else in_type_checking if roll < 0.9 else in_try
            bucket.append(statement)
        if module.reexports_ws:
            top.append(f"from {SYMBOLS[WS]['defined_in']} import {WS}")
            self.symbol_imports.add((SYMBOLS[WS]["defined_in"], WS))
            self.governed_statements += 1
        governed_bindings = {name for s in top + in_type_checking + in_try for name in _bindings(s)}
        doc, comment, constant = self.doc_block(rng) if module.doc_imports else ("", "", "")

        # The body first: it says which helper imports are needed.
        body: list[str] = []
        needs: set[str] = set()
        defined: set[str] = set()
        for name in module.publics:
            if name not in (WS, EB):
                body.append(self.unit(rng, name, needs))
                defined.add(name)
        for definition in module.extra_defs:
            body.append(self.redefinition(rng, definition, needs))
        for statement in in_function:
            lines = "\n".join(f"    {line}" for line in statement.split("\n"))
            binding = _bindings(statement)
            result = binding[0] if binding else "None"
            body.append(
                f"\n\ndef _lazy_{rng.choice(NOUNS)}_{len(body)}() -> object:\n"
                f'    """Import lazily: a top-level import would create a cycle."""\n{lines}\n    return {result}\n'
            )
            self.statements += 1
        if rng.random() < 0.2:
            statement = self.random_first_party(rng, module)
            lines = "\n".join(f"    {line}" for line in statement.split("\n"))
            binding = _bindings(statement)
            body.append(
                f"\n\ndef _late_import_{len(body)}() -> object:\n{lines}\n"
                f"    return {binding[0] if binding else 'None'}\n"
            )
            self.statements += 1
        size = sum(len(part) for part in body) + 1500  # ~ the header's size
        while size < module.size:
            unit = self.unit(rng, self._private_name(rng, defined), needs)
            body.append(unit)
            size += len(unit)

        # The header.
        out: list[str] = [f'"""{_sentence(rng, 3, 8)}\n\n{_paragraph(rng, "", 2)}{doc}"""\n\n']
        imports: list[str] = []
        if rng.random() < 0.7:
            imports.append("from __future__ import annotations\n")
        stdlib = []
        bound: set[str] = set()
        candidates = rng.sample(STDLIB_IMPORTS, rng.randint(2, 5))
        if rng.random() < 0.2:
            candidates.append(rng.choice(STDLIB_MULTILINE))
        for statement in candidates:  # no name bound twice
            names = set(_bindings(statement))
            if not names & bound:
                stdlib.append(statement)
                bound |= names
        stdlib_text = "\n".join(stdlib)
        wanted = ["import logging", "from typing import Any, Optional"]
        if "enum" in needs:
            wanted.append("import enum")
        if "dataclass" in needs and "dataclass," not in stdlib_text:
            wanted.append("from dataclasses import dataclass")
        if "sys" in needs:
            wanted.append("import sys")
        if in_type_checking:
            wanted.append("from typing import TYPE_CHECKING")
        for statement in wanted:
            names = set(_bindings(statement))
            if not names <= bound:
                stdlib.append(
                    statement if not names & bound else "from typing import " + ", ".join(sorted(names - bound))
                )
                bound |= names
        imports.append("\n".join(sorted(stdlib)) + "\n")
        third = rng.sample(THIRD_PARTY_IMPORTS, rng.randint(0, 3))
        if third:
            imports.append("\n".join(sorted(third)) + "\n")
        first = []
        for _ in range(rng.randint(1, 5)):  # no name bound twice
            statement = self.random_first_party(rng, module)
            names = set(_bindings(statement))
            if not names & bound and not names & defined:
                first.append(statement)
                bound |= names
        if rng.random() < 0.04:
            first.append(f"from {rng.choice(self.importable).name} import *")
        imports.append("\n".join(first + top) + "\n")
        if comment:
            imports.append(comment)
        optional: list[str] = []
        if in_try or rng.random() < 0.12:
            good, fallback = rng.choice(OPTIONAL_IMPORTS)
            optional = in_try or [good]
            block = "\n".join(f"    {line}" for s in optional for line in s.split("\n"))
            imports.append(
                f"try:\n{block}\nexcept ImportError:  # pragma: no cover\n    {'pass' if in_try else fallback}\n"
            )
        checking: list[str] = []
        if in_type_checking or rng.random() < 0.2:
            checking = in_type_checking or [self.random_first_party(rng, module)]
            if not in_type_checking and not any("TYPE_CHECKING" in s for s in stdlib):
                imports.append("from typing import TYPE_CHECKING\n")
            block = "\n".join(f"    {line}" for s in checking for line in s.split("\n"))
            imports.append(f"if TYPE_CHECKING:\n{block}\n")
        self.statements += len(stdlib) + len(third) + len(first) + len(top) + len(optional) + len(checking)
        out.append("\n".join(imports))
        out.append("\nlogger = logging.getLogger(__name__)\n")
        if constant:
            out.append(constant)
        out += body
        if module.reexports_ws:
            out.append(f"\n\n__all__ = [{WS!r}]\n")
        # Use the imports (as real code does), except the governed ones.
        used = [
            name
            for s in [*stdlib, *third, *first, *optional, *checking]
            for name in _bindings(s)
            if name not in governed_bindings and name not in ("annotations", "logging", "TYPE_CHECKING")
        ]
        used = list(dict.fromkeys(used))
        if used:
            listing = "".join(f"    {name},\n" for name in used)
            out.append(
                f"\n\n# Runtime dependencies, registered with the plugin loader.\n_DEPENDENCIES = (\n{listing})\n"
            )
        text = "".join(out)
        if module.kind == "syntax":
            text += self.syntax_error(rng)
        return text

    def _private_name(self, rng: random.Random, defined: set[str]) -> str:
        while True:
            if rng.random() < 0.5:
                name = rng.choice(CLASS_PREFIXES) + rng.choice(CLASS_SUFFIXES)
            else:
                name = f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}"
            if name not in defined:
                defined.add(name)
                return name
            if len(defined) > 1500:
                name = f"{name}_{len(defined)}"
                defined.add(name)
                return name

    def unit(self, rng: random.Random, name: str, needs: set[str]) -> str:
        if name.isupper():
            return f"\n\n{name}: int = {rng.randint(1, 1000)}\n"
        if not name[0].isupper():
            params, body = rng.choice(self.pool.functions)
            signature = ", ".join(f"{p}: {rng.choice(TYPES)}" for p in params)
            prefix = "async def" if rng.random() < 0.15 else "def"
            return (
                f"\n\n{prefix} {name}({signature}) -> {rng.choice(TYPES)}:\n"
                f'    """{_sentence(rng)}\n\n    {_paragraph(rng, "    ", 1)}\n    """\n{body}\n'
            )
        roll = rng.random()
        if roll < 0.12:
            needs.add("enum")
            members = "".join(f"    {n.upper()} = {i!r}\n" for i, n in enumerate(rng.sample(NOUNS, rng.randint(3, 8))))
            return f'\n\nclass {name}(enum.Enum):\n    """{_sentence(rng)}"""\n\n{members}'
        fields = rng.sample(ATTRS, rng.randint(2, 6))
        if roll < 0.3:
            needs.add("dataclass")
            body = "".join(f"    {f}: {rng.choice(TYPES)} = None\n" for f in fields)
            return f'\n\n@dataclass\nclass {name}:\n    """{_sentence(rng)}"""\n\n{body}'
        base = rng.choice(["", "", "(Exception)", "(dict)"])
        parts = [f'\n\nclass {name}{base}:\n    """{_sentence(rng)}\n\n    {_paragraph(rng, "    ", 2)}\n    """\n\n']
        for f in fields[:3]:
            parts.append(f"    {f}: {rng.choice(TYPES)}\n")
        params = ", ".join(f"{f}: {rng.choice(TYPES)} = None" for f in fields)
        assigns = "".join(f"        self.{f} = {f}\n" for f in fields)
        if len(params) > 80:
            params = "".join(f"        {f}: {rng.choice(TYPES)} = None,\n" for f in fields)
            parts.append(f"\n    def __init__(\n        self,\n{params}    ) -> None:\n{assigns}")
        else:
            parts.append(f"\n    def __init__(self, {params}) -> None:\n{assigns}")
        methods: set[str] = set()
        for _ in range(rng.randint(1, 6)):
            method = f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}"
            if method in methods:
                continue
            methods.add(method)
            arguments, body = rng.choice(self.pool.methods)
            signature = ", ".join(f"{p}: {rng.choice(TYPES)}" for p in arguments)
            prefix = "async def" if rng.random() < 0.12 else "def"
            returns = rng.choice(TYPES)
            if len(prefix) + len(method) + len(signature) + len(returns) > 90:
                signature = (
                    "\n        self,\n" + "".join(f"        {p}: {rng.choice(TYPES)},\n" for p in arguments) + "    "
                )
            else:
                signature = "self, " + signature
            parts.append(
                f'\n    {prefix} {method}({signature}) -> {returns}:\n        """{_sentence(rng)}"""\n{body}\n'
            )
        return "".join(parts)

    def redefinition(self, rng: random.Random, definition: str, needs: set[str]) -> str:
        name, twice = definition.removesuffix("*2"), definition.endswith("*2")
        if twice:
            needs.add("sys")
            return (
                f"\n\nif sys.version_info >= (3, 11):\n\n    class {name}:\n        pass\n\nelse:\n\n"
                f"    class {name}:\n        pass\n"
            )
        return (
            f'\n\nclass {name}:\n    """{_sentence(rng, 4, 8)} (a local copy, pending consolidation)"""\n\n'
            '    def send(self, message: str) -> None:\n        logger.info("%s", message)\n'
        )

    def syntax_error(self, rng: random.Random) -> str:
        return rng.choice(
            [
                "\n\n<<<<<<< HEAD\ndef merged() -> int:\n    return 1\n"
                "=======\ndef merged() -> int:\n    return 2\n>>>>>>> feature\n",
                '\n\ndef legacy_report(rows):\n    print "total", len(rows)\n',
                "\n\ndef broken(:\n    pass\n",
                "\n\nRESULT = compute(\n    1,\n    2,\n",
            ]
        )

    def render_fixture(self, rng: random.Random, module: Module) -> str:
        name = module.name
        lines: list[str] = []
        defines: list[str] = []
        for symbol, spec in SYMBOLS.items():
            names = [symbol, *spec["aliases"]]
            if name == spec["defined_in"]:
                defines.append(symbol)
            elif (
                name in spec["canonical"]
                or name in [d[0] for d in spec["deprecated"]]
                or (symbol == CL and name == "mono.libs.config")
            ):
                lines.append(f"from {spec['defined_in']} import {', '.join(sorted(names))}")
        if name == "mono.platform.realtime.canonical_import_patterns":
            lines.append(f"from mono.platform.realtime.websocket_manager import {WS}")
        if module.is_init and not lines:
            return "" if name in ROOTS or rng.random() < 0.5 else f'"""{_sentence(rng)}"""\n'
        needs: set[str] = set()
        units = "".join(self.unit(rng, public, needs) for public in module.publics if public not in GOVERNED_NAMES)
        helpers = (["import enum"] if "enum" in needs else []) + (
            ["from dataclasses import dataclass"] if "dataclass" in needs else []
        )
        text = f'"""{name}: {_sentence(rng, 4, 10)}"""\n\nfrom __future__ import annotations\n\n'
        text += "".join(
            f"{line}\n" for line in sorted(["import logging", "from typing import Any, Optional", *helpers])
        )
        if lines:
            text += "\n" + "".join(f"{line}\n" for line in lines)
        text += "\nlogger = logging.getLogger(__name__)\n"
        for symbol in defines:
            text += (
                f'\n\nclass {symbol}:\n    """The one implementation of {symbol} (single source of truth)."""\n\n'
                "    def __init__(self) -> None:\n        self.connections: dict[str, object] = {}\n"
            )
            for alias in SYMBOLS[symbol]["aliases"]:
                text += f"\n\n{alias} = {symbol}\n"
        exported = [n for line in lines for n in _bindings(line)]
        if exported and not defines:
            text += "\n__all__ = [" + ", ".join(repr(n) for n in exported) + "]\n"
        text += units
        text += "\n\n_DEPENDENCIES = (Any, Optional)\n"
        return text


# --------------------------------------------------------------------------------------
# Policy and ruff configuration
# --------------------------------------------------------------------------------------


def _toml_string(value: str) -> str:
    return json.dumps(value)


def policy_text(plan: Plan, comparable: bool) -> str:
    lines = [
        "# Generated by benchmarks/generate.py "
        f"(--files {plan.files} --seed {plan.seed}, generator version {GENERATOR_VERSION}).",
    ]
    if comparable:
        lines += [
            "# The subset of contracts/ssot.toml that ruff's TID251 (ruff.toml) expresses exactly:",
            "# no allow_importers, no module globs, no duplicates, no budgets.",
        ]
    lines += [
        "",
        "[policy]",
        f"name = {_toml_string('Synthetic monorepo' + (' (ruff-comparable subset)' if comparable else ''))}",
        f"root_packages = {json.dumps(ROOTS)}",
        f"exclude = {json.dumps(EXCLUDE)}",
    ]
    for symbol, spec in SYMBOLS.items():
        if comparable and not spec["comparable"]:
            continue
        lines += ["", "[[symbol]]", f"name = {_toml_string(symbol)}"]
        if spec["aliases"]:
            lines.append(f"aliases = {json.dumps(spec['aliases'])}")
        lines.append(f"defined_in = {_toml_string(spec['defined_in'])}")
        lines.append(f"canonical = {json.dumps(spec['canonical'])}")
        if spec["deprecated"]:
            lines.append("deprecated = [")
            for module, until, message in spec["deprecated"]:
                entry = [f"module = {_toml_string(module)}"]
                if until:
                    entry.append(f"until = {until}")
                if message:
                    entry.append(f"message = {_toml_string(message)}")
                lines.append("  { " + ", ".join(entry) + " },")
            lines.append("]")
        if spec["allow_importers"]:
            lines.append(f"allow_importers = {json.dumps(spec['allow_importers'])}")
        if spec["max_import_patterns"] and not comparable:
            lines.append(f"max_import_patterns = {spec['max_import_patterns']}")
    for name, status, until, replacement, message, allow, is_comparable in MODULE_RULES:
        if comparable and not is_comparable:
            continue
        lines += ["", "[[module]]", f"name = {_toml_string(name)}", f"status = {_toml_string(status)}"]
        if replacement:
            lines.append(f"replacement = {_toml_string(replacement)}")
        if message:
            lines.append(f"message = {_toml_string(message)}")
        if until:
            lines.append(f"until = {until}")
        if allow:
            lines.append(f"allow_importers = {json.dumps(allow)}")
    if not comparable:
        for pattern, within in DUPLICATES:
            lines += ["", "[[duplicates]]", f"pattern = {_toml_string(pattern)}", f"within = {json.dumps(within)}"]
    return "\n".join(lines) + "\n"


def ruff_text(plan: Plan, symbol_imports: set[tuple[str, str]]) -> str:
    bans: dict[str, str] = {}
    for name, status, until, replacement, _message, _allow, is_comparable in MODULE_RULES:
        if is_comparable:
            text = f"{status} module" + (f" (until {until})" if until else "")
            if replacement:
                text += f"; use `{replacement}`"
            bans[name] = text
    plumbing: set[str] = set()
    for symbol, spec in SYMBOLS.items():
        if not spec["comparable"]:
            continue
        names = [symbol, *spec["aliases"]]
        sources = {spec["defined_in"], *(d[0] for d in spec["deprecated"])}
        sources |= {module for module, name in symbol_imports if name in names}
        for source in sorted(sources - set(spec["canonical"])):
            for name in names:
                bans[f"{source}.{name}"] = f"import `{name}` from `{spec['canonical'][0]}`"
        plumbing |= {spec["defined_in"], *spec["canonical"], *(d[0] for d in spec["deprecated"])}
    by_name = {m.name: m for m in plan.modules.values()}
    lines = [
        "# Generated by benchmarks/generate.py: the ruff (TID251, banned-api) equivalent of",
        "# contracts/ssot_comparable.toml for this tree. A banned module also bans its submodules",
        "# and `from parent import module`; a banned `M.Name` bans `from M import Name`. ruff",
        "# cannot say 'any other first-party module', so the symbol bans list every non-canonical",
        "# module the generated tree imports a governed symbol from (absolutely).",
        f"extend-exclude = {json.dumps(EXCLUDE)}",
        "",
        "[lint]",
        'select = ["TID251"]',
        "",
        "[lint.flake8-tidy-imports.banned-api]",
    ]
    for target in sorted(bans):
        lines.append(f"{_toml_string(target)}.msg = {_toml_string(bans[target])}")
    lines += [
        "",
        "# The modules SSOT exempts as the plumbing that re-exports a symbol (defined_in,",
        "# canonical and deprecated modules). They import nothing else that is banned.",
        "[lint.per-file-ignores]",
    ]
    for module in sorted(plumbing):
        lines.append(f'{_toml_string(by_name[module].path)} = ["TID251"]')
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def generate(out: Path, files: int, seed: int, *, clean: bool = True) -> dict:
    """Write the tree to ``out`` and return its manifest (also written to ``out/bench-manifest.json``)."""
    started = time.perf_counter()
    out = Path(out)
    if clean and out.exists():
        for child in ("mono", "toolkit", "contracts", ".ssot_cache", ".ruff_cache"):
            shutil.rmtree(out / child, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    plan = Plan(files, seed)
    renderer = Renderer(plan)
    sizes: list[int] = []
    namespace_files = 0
    made: set[str] = set()
    for module in sorted(plan.modules.values(), key=lambda m: m.path):
        text = renderer.render(module)
        path = out / module.path
        parent = str(path.parent)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        sizes.append(len(data))
        if not module.in_package_dir:
            namespace_files += 1
    (out / "contracts").mkdir(exist_ok=True)
    (out / "contracts" / "ssot.toml").write_text(policy_text(plan, comparable=False), encoding="utf-8")
    (out / "contracts" / "ssot_comparable.toml").write_text(policy_text(plan, comparable=True), encoding="utf-8")
    (out / "ruff.toml").write_text(ruff_text(plan, renderer.symbol_imports), encoding="utf-8")
    (out / ".flake8").write_text(
        "# Generated by benchmarks/generate.py (the tree is lint-clean at this line length).\n"
        "[flake8]\nmax-line-length = 120\nextend-exclude = */vendored/*\n",
        encoding="utf-8",
    )
    (out / "pyproject.toml").write_text(
        "# Project marker of a generated benchmark tree (benchmarks/generate.py).\n"
        '[project]\nname = "synthetic-monorepo"\nversion = "0"\n',
        encoding="utf-8",
    )
    sizes_sorted = sorted(sizes)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "files": files,
        "seed": seed,
        "today": TODAY,
        "root_packages": ROOTS,
        "python_files": len(sizes),
        "total_bytes": sum(sizes),
        "average_bytes": round(sum(sizes) / len(sizes)),
        "median_bytes": sizes_sorted[len(sizes) // 2],
        "max_bytes": sizes_sorted[-1],
        "files_over_200kb": sum(1 for s in sizes if s >= 200_000),
        "files_without_init_dir": namespace_files,
        "fraction_without_init_dir": round(namespace_files / len(sizes), 3),
        "import_statements": renderer.statements + renderer.governed_statements,
        "imports_per_file": round((renderer.statements + renderer.governed_statements) / len(sizes), 1),
        "governed_touching_files": sum(1 for m in plan.modules.values() if m.governed or m.reexports_ws),
        "governed_statements": renderer.governed_statements,
        "syntax_error_files": sorted(m.path for m in plan.modules.values() if m.kind == "syntax"),
        "huge_files": sorted(m.path for m in plan.modules.values() if m.kind.startswith("huge")),
        "redefinition_files": sorted(m.path for m in plan.modules.values() if m.extra_defs),
        "doc_import_files": sum(1 for m in plan.modules.values() if m.doc_imports),
        "vendored_files": sorted(m.path for m in plan.modules.values() if m.kind == "vendored"),
        "edit_target": plan.edit_target().path,
        "policy": "contracts/ssot.toml",
        "comparable_policy": "contracts/ssot_comparable.toml",
        "ruff_config": "ruff.toml",
        "generation_seconds": round(time.perf_counter() - started, 2),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, required=True, help=f"number of *.py files (>= {MIN_FILES})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, required=True, help="output directory (its mono/, toolkit/, contracts/ are replaced)"
    )
    arguments = parser.parse_args(argv)
    try:
        manifest = generate(arguments.out, arguments.files, arguments.seed)
    except ValueError as error:
        parser.error(str(error))
    print(
        f"{arguments.out}: {manifest['python_files']} files, {manifest['total_bytes'] / 1e6:.1f} MB "
        f"(average {manifest['average_bytes'] / 1000:.1f} KB, max {manifest['max_bytes'] / 1000:.0f} KB), "
        f"{manifest['fraction_without_init_dir']:.0%} without __init__.py, "
        f"{manifest['imports_per_file']} imports/file, "
        f"{manifest['governed_touching_files']} files touching governed names, "
        f"{len(manifest['syntax_error_files'])} with syntax errors; {manifest['generation_seconds']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
