"""The TUI's records against the server's OpenAPI document: every `tui.kit.api.Record`
names the component it mirrors (`SCHEMA`), and each of its fields exists there with a type
the TUI can decode — so a renamed or retyped field fails here, not on an officer's screen."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

import pytest
from msgspec import inspect as mi

import tui
from server.app import create_app
from tui.kit.api import Record

ANY = "any"


@cache
def components() -> dict[str, Any]:
    return create_app().openapi_schema.to_schema()["components"]["schemas"]


def records() -> list[type[Record]]:
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        importlib.import_module(info.name)
    out, todo = [], list(Record.__subclasses__())
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo += cls.__subclasses__()
    return sorted(out, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def sent(prop: dict[str, Any]) -> set[str]:
    """The JSON types the server may send for a property."""
    if "$ref" in prop:  # a component: a record, or an enum of strings (a figure's unit)
        return sent(components()[prop["$ref"].rsplit("/", 1)[-1]])
    for key in ("oneOf", "anyOf"):
        if key in prop:
            return set().union(*(sent(p) for p in prop[key]))
    kind = prop.get("type")
    if kind is None:
        if "enum" in prop or "const" in prop:
            values = prop.get("enum", [prop.get("const")])
            return {json_type(v) for v in values}
        return {ANY}
    return set(kind) if isinstance(kind, list) else {kind}


def json_type(value: Any) -> str:
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        type(None): "null",
        list: "array",
        dict: "object",
    }[type(value)]


def accepted(info: mi.Type) -> set[str]:
    """The JSON types a TUI field's type decodes."""
    if isinstance(info, mi.UnionType):
        return set().union(*(accepted(t) for t in info.types))
    if isinstance(info, mi.AnyType):
        return {ANY}
    if isinstance(info, mi.LiteralType):
        return {json_type(v) for v in info.values}
    simple = {
        mi.IntType: {"integer"},
        mi.FloatType: {"number", "integer"},
        mi.StrType: {"string"},
        mi.BoolType: {"boolean"},
        mi.NoneType: {"null"},
        mi.DateTimeType: {"string"},
        mi.DateType: {"string"},
        mi.DecimalType: {"string", "number", "integer"},
        mi.ListType: {"array"},
        mi.DictType: {"object"},
        mi.StructType: {"object"},
    }
    for kind, types in simple.items():
        if isinstance(info, kind):
            return types
    raise AssertionError(f"the contract test does not know {info!r}")


def problems(record: type[Record]) -> list[str]:
    schema = components().get(record.SCHEMA or "")
    if schema is None:
        return [f"no component {record.SCHEMA!r} in the OpenAPI document"]
    properties, required = schema.get("properties", {}), set(schema.get("required", []))
    out = []
    for field in mi.type_info(record).fields:  # type: ignore[union-attr]
        prop = properties.get(field.encode_name)
        if prop is None:
            out.append(f"{field.name}: not in {record.SCHEMA}")
            continue
        server, tui_side = sent(prop), accepted(field.type)
        if field.required and field.encode_name not in required:
            out.append(f"{field.name}: the TUI requires it, {record.SCHEMA} may leave it out (give it a default)")
        if ANY not in tui_side and ANY not in server and not server <= tui_side:
            out.append(f"{field.name}: the server sends {sorted(server)}, the TUI reads {sorted(tui_side)}")
        elif "array" in server and isinstance(field.type, mi.ListType) and "items" in prop:
            inner, mine = sent(prop["items"]), accepted(field.type.item_type)
            if ANY not in inner | mine and not inner <= mine:
                out.append(f"{field.name}[]: the server sends {sorted(inner)}, the TUI reads {sorted(mine)}")
    return out


RECORDS = records()


def test_every_record_names_its_component() -> None:
    unnamed = [r.__qualname__ for r in RECORDS if not r.SCHEMA]
    assert not unnamed, f"records without SCHEMA (the component they mirror): {unnamed}"
    assert len(RECORDS) > 30  # the walk found the module packages' records too


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: f"{r.__module__.removeprefix('tui.')}.{r.__qualname__}")
def test_record_matches_the_api(record: type[Record]) -> None:
    assert problems(record) == []


def test_a_drifted_record_is_caught() -> None:
    class Drifted(Record):
        SCHEMA = "CampaignOut"
        id: str  # the server sends an integer
        title: str  # the server calls it `name`

    found = problems(Drifted)
    assert any(p.startswith("id: the server sends ['integer']") for p in found)
    assert any(p.startswith("title: not in CampaignOut") for p in found)
