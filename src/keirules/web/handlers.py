"""The JSON API's work, one function per endpoint: read the request, call the library, return
the CLI's JSON document. No state is kept between requests.

Each handler takes the decoded body (or the path and query values) and returns plain data; the
ASGI layer (:mod:`keirules.web.app`) does the HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from keirules.errors import UsageError
from keirules.web.inputs import BadRequest, Body, registered_name

__all__ = ["HANDLERS", "diff", "features", "ruleset", "rulesets", "schema"]

_ON = ("on",)


def check(data: Any) -> dict[str, Any]:
    """``POST /v1/check``: one spec against one rule set, as ``keirules check --format json``."""
    from keirules.api import check as run

    body = Body(data)
    body.refuse_unknown(("spec", "spec_yaml", "ruleset", "ruleset_yaml", *_ON))
    return run(body.spec(), body.ruleset(), body.on()).as_dict()


def compare(data: Any) -> dict[str, Any]:
    """``POST /v1/compare``: every spec against every rule set, as ``keirules compare``."""
    from keirules.analysis import compare as run

    body = Body(data)
    body.refuse_unknown(("specs", "rulesets", *_ON))
    return run(body.specs(), body.rulesets(), body.on()).as_dict()


def timeline(data: Any) -> dict[str, Any]:
    """``POST /v1/timeline``: one spec against every dated version of a family."""
    from keirules.analysis import timeline as run

    body = Body(data)
    body.refuse_unknown(("spec", "spec_yaml", "family"))
    family = registered_name(body.text("family", default="jp-kei") or "jp-kei", "family")
    return run(body.spec(), family).as_dict()


def routes(data: Any) -> dict[str, Any]:
    """``POST /v1/routes``: the routes into a market (``state``: one region, or ``all``), or
    into several (``markets``), as ``keirules routes --format json``."""
    from keirules import routing

    body = Body(data)
    body.refuse_unknown(("spec", "spec_yaml", "market", "markets", "state", *_ON))
    vehicle = body.spec()
    state = body.text("state")
    several = data.get("markets")
    if several is not None:
        if not isinstance(several, list) or not several or state is not None:
            raise BadRequest("is not a non-empty list of market codes (and 'state' goes with "
                             "one 'market').", field="markets", value=several)
        codes = [registered_name(str(code), "markets") for code in several]
        return routing.market_routes(vehicle, codes, body.on()).as_dict()
    market = registered_name(body.text("market", default="US") or "US", "market")
    if state is not None and state.lower() == "all":
        return routing.region_routes(vehicle, market, body.on()).as_dict()
    return routing.routes(vehicle, market, body.on(), region=state).as_dict()


def rulesets() -> list[dict[str, Any]]:
    """``GET /v1/rulesets``: every family and version, as ``keirules list --format json``."""
    from keirules.render.jsonout import catalog_entries
    from keirules.rulesets.catalog import default_catalog

    catalog = default_catalog()
    found = catalog.all()
    providers = {family: catalog.provider(family) for family in {rs.family for rs in found}}
    return catalog_entries(found, providers)


def ruleset(name: str, on: str | None = None) -> dict[str, Any]:
    """``GET /v1/rulesets/{name}``: one rule set resolved, as ``keirules show --format json``."""
    from keirules.api import load_ruleset, resolve_on
    from keirules.render.jsonout import ruleset_dict

    return ruleset_dict(load_ruleset(registered_name(name, "name"), resolve_on(on)))


def diff(old: str | None, new: str | None, on: str | None = None) -> dict[str, Any]:
    """``GET /v1/diff?from=&to=``: what changed between two rule sets."""
    from keirules.analysis import diff as run

    if not old or not new:
        raise BadRequest("needs both 'from' and 'to'.", field="from" if not old else "to",
                         expected="rule set names, e.g. from=jp-kei@1990&to=jp-kei@1998")
    return run(registered_name(old, "from"), registered_name(new, "to"), on).as_dict()


def schema(kind: str) -> dict[str, Any]:
    """``GET /v1/schema/{kind}``: the JSON Schema of a vehicle spec, a rule set or a report."""
    from keirules.schema import json_schema

    if kind not in ("vehicle", "ruleset", "report"):
        raise UsageError("is not a schema.", field="kind", value=kind,
                         expected="vehicle, ruleset or report")
    return json_schema(kind)


def features() -> list[dict[str, Any]]:
    """``GET /v1/features``: the equipment names specs and feature rules may use."""
    from keirules.features import feature_entries

    return feature_entries()


#: The POST endpoints, by path, each taking the decoded JSON body.
HANDLERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "/v1/check": check,
    "/v1/compare": compare,
    "/v1/timeline": timeline,
    "/v1/routes": routes,
}
