"""The words the generated code is made of: names, types, prose and import statements.

Plain lists, so that ``random.Random.choice`` and ``sample`` see the same sequences in the
same order on every run (the generated tree is a pure function of its seed).
"""

from __future__ import annotations

# Package, module, class and function names.
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
# Code: annotations, exceptions raised, prose for docstrings and comments.
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

# Import statements of the non-governed part of the code (stdlib and third party).
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
# (statement, fallback) pairs for `try: statement / except ImportError: fallback`.
OPTIONAL_IMPORTS = [
    ("import ujson as fast_json", "import json as fast_json"),
    ("import orjson", "orjson = None  # type: ignore[assignment]"),
    ("from lxml import etree", "import xml.etree.ElementTree as etree"),
    ("import uvloop", "uvloop = None"),
]
