"""The OpenAPI 3.1 description of the web service, built from the same declarations as
``keirules schema`` (the pydantic models of the spec, the rule set and the report)."""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["ENDPOINTS", "openapi"]

_ERROR = {
    "type": "object",
    "properties": {"error": {"type": "object", "properties": {
        "message": {"type": "string", "description": "the CLI's one-paragraph message"},
        "field": {"type": ["string", "null"]},
        "line": {"type": ["integer", "null"]},
        "value": {"type": ["string", "null"]},
        "expected": {"type": ["string", "null"]},
    }, "required": ["message", "field", "line", "value", "expected"]}},
    "required": ["error"],
}
_SPEC = {"$ref": "#/components/schemas/VehicleSpec"}
_ON = {"type": "string", "description": "YYYY-MM-DD (default today) or 'manufactured'"}
_OBJECT = {"type": "object"}

#: (method, path, summary, request body schema or None, query/path parameters)
ENDPOINTS: tuple[tuple[str, str, str, dict[str, Any] | None, tuple[str, ...]], ...] = (
    ("post", "/v1/check", "One spec against one rule set: the report of keirules check",
     {"type": "object", "properties": {
         "spec": _SPEC, "spec_yaml": {"type": "string", "description": "a spec file's text"},
         "ruleset": {"type": "string", "description": "FAMILY or FAMILY@VERSION (default "
                     "jp-kei)"},
         "ruleset_yaml": {"type": "string", "description": "a rule set file's text; its "
                          "extends may name only a registered rule set"},
         "on": _ON}}, ()),
    ("post", "/v1/compare", "Every spec against every rule set: a matrix of verdicts",
     {"type": "object", "required": ["specs", "rulesets"], "properties": {
         "specs": {"type": "array", "items": _SPEC},
         "rulesets": {"type": "array", "items": {"type": "string"}}, "on": _ON}}, ()),
    ("post", "/v1/timeline", "One spec against every dated version of a family",
     {"type": "object", "properties": {"spec": _SPEC, "spec_yaml": {"type": "string"},
                                       "family": {"type": "string"}}}, ()),
    ("post", "/v1/routes", "Which routes into a market (and a state or province) are open",
     {"type": "object", "properties": {
         "spec": _SPEC, "spec_yaml": {"type": "string"},
         "market": {"type": "string", "description": "a market code such as US (default)"},
         "markets": {"type": "array", "items": {"type": "string"},
                     "description": "several markets side by side"},
         "state": {"type": "string", "description": "a region code such as CO, or all"},
         "on": _ON}}, ()),
    ("get", "/v1/rulesets", "Every rule set family and version", None, ()),
    ("get", "/v1/rulesets/{name}", "One rule set resolved, with its sources", None,
     ("name", "on")),
    ("get", "/v1/diff", "What changed between two rule sets", None, ("from", "to", "on")),
    ("get", "/v1/schema/{kind}", "The JSON Schema of a vehicle spec, a rule set or a report",
     None, ("kind",)),
    ("get", "/v1/features", "The equipment names specs and feature rules may use", None, ()),
    ("get", "/healthz", "Whether the service is up", None, ()),
)
_IN_PATH = {"name", "kind"}


@cache
def openapi() -> dict[str, Any]:
    """The OpenAPI document (made once per process)."""
    from keirules.schema import REPORT_MODEL, VEHICLE_MODEL
    from keirules.version import __version__

    components: dict[str, Any] = {"Error": _ERROR}
    for model in (VEHICLE_MODEL, REPORT_MODEL):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
    paths: dict[str, Any] = {}
    for method, path, summary, body, params in ENDPOINTS:
        operation: dict[str, Any] = {
            "summary": summary,
            "responses": {
                "200": {"description": "the document, as the CLI's --format json prints it",
                        "content": {"application/json": {"schema": _OBJECT}}},
                "4XX": {"description": "bad input: the CLI's error as data",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        }
        if path == "/v1/check":
            operation["responses"]["200"]["content"]["application/json"]["schema"] = {
                "$ref": f"#/components/schemas/{REPORT_MODEL.__name__}"}
        if body is not None:
            operation["requestBody"] = {"required": True,
                                        "content": {"application/json": {"schema": body}}}
        if params:
            operation["parameters"] = [
                {"name": p, "in": "path" if p in _IN_PATH else "query",
                 "required": p in _IN_PATH, "schema": {"type": "string"}} for p in params]
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "keirules", "version": __version__,
                 "description": "Check vehicles against kei-car and related regulations, "
                 "exactly, with the legal source of every limit."},
        "paths": paths,
        "components": {"schemas": components},
    }
