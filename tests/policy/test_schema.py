"""The shipped JSON Schema describes the same format the parser accepts."""

from __future__ import annotations

import datetime
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from importlinter_ssot.application.policy import policy_parsing

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]


def schema() -> dict[str, Any]:
    text = resources.files("importlinter_ssot").joinpath("schema/policy.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def as_json(value: Any) -> Any:
    """TOML dates become strings, as an editor's TOML-to-JSON bridge presents them."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("policy", ["contracts/example.toml", "contracts/ssot.toml"])
def test_the_bundled_policies_validate(policy: str) -> None:
    document = tomllib.loads((REPO / policy).read_text(encoding="utf-8"))
    jsonschema.validate(as_json(document), schema())


def test_the_schema_knows_exactly_the_parser_keys() -> None:
    properties = schema()["properties"]
    assert tuple(properties) == policy_parsing.TOP_LEVEL_KEYS
    assert set(properties["policy"]["properties"]) == set(policy_parsing.POLICY_KEYS)
    assert set(properties["symbol"]["items"]["properties"]) == set(policy_parsing.SYMBOL_KEYS)
    assert set(properties["module"]["items"]["properties"]) == set(policy_parsing.MODULE_KEYS)
    assert set(properties["duplicates"]["items"]["properties"]) == set(policy_parsing.DUPLICATES_KEYS)
    deprecated = properties["symbol"]["items"]["properties"]["deprecated"]["items"]["anyOf"][1]
    assert set(deprecated["properties"]) == set(policy_parsing.DEPRECATED_PATH_KEYS)


def test_the_schema_rejects_what_the_parser_rejects() -> None:
    bad = {"policy": {"root_packages": ["chat"], "nmae": "x"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema())
    forbidden_with_until = {
        "policy": {"root_packages": ["chat"]},
        "module": [{"name": "chat.old", "status": "forbidden", "until": "2027-01-01"}],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(forbidden_with_until, schema())
