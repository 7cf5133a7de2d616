"""What a request may carry, read into library arguments: a spec, a rule set, a date, a market.

A request names things; it never points at a file. A rule set is a registered name (built-in or
plugin) or rule set YAML sent in the body, whose ``extends`` may name only a registered rule
set; a market is a registered code. Anything that looks like a path is refused, so no request
can make the server read a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from keirules.errors import BadRequest, KeirulesError, RuleSetError
from keirules.rulesets.catalog import looks_like_path
from keirules.rulesets.model import RuleSet
from keirules.vehicle import Vehicle, vehicle_from_document, vehicle_from_mapping
from keirules.yamlload import load_text

__all__ = ["MAX_BODY", "MAX_ITEMS", "BadRequest", "Body"]

#: The largest request body read, in bytes (the CLI's file limit).
MAX_BODY: Final = 1 << 20
#: At most this many specs or rule sets in one compare request.
MAX_ITEMS: Final = 200


class Body:
    """A JSON request body, read field by field with errors that name the field."""

    def __init__(self, data: Any) -> None:
        if not isinstance(data, Mapping):
            raise BadRequest("the request body is not a JSON object.",
                             expected='an object such as {"spec": {...}, "ruleset": "jp-kei"}')
        self.data = data

    def refuse_unknown(self, allowed: tuple[str, ...]) -> None:
        from keirules.errors import did_you_mean

        for key in self.data:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed)
                raise BadRequest(f"is not a field of this request.{hint}", field=str(key),
                                 expected="one of " + ", ".join(allowed))

    def text(self, key: str, *, default: str | None = None, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required and default is None:
                raise BadRequest("is missing.", field=key, expected="text")
            return default
        if not isinstance(value, str) or not value.strip():
            raise BadRequest("is not text.", field=key, value=value, expected="text")
        return value.strip()

    def on(self) -> str | None:
        return self.text("on")

    def spec(self, key: str = "spec") -> Vehicle:
        """``spec`` (a JSON object) or ``spec_yaml`` (the text of a spec file)."""
        return read_spec(self.data.get(key), self.data.get(f"{key}_yaml"), key)

    def specs(self) -> list[Vehicle]:
        raw = self.data.get("specs")
        if not isinstance(raw, list) or not raw:
            raise BadRequest("is missing or not a non-empty list of specs.", field="specs",
                             expected="a list of spec objects")
        if len(raw) > MAX_ITEMS:
            raise BadRequest(f"holds more than {MAX_ITEMS} specs.", field="specs")
        vehicles = []
        for i, item in enumerate(raw):
            try:
                vehicles.append(read_spec(item, None, f"specs[{i}]"))
            except KeirulesError as exc:
                raise exc.located(field=f"specs[{i}]") from None
        return vehicles

    def ruleset(self, default: str = "jp-kei") -> str | RuleSet:
        """``ruleset`` (a registered name) or ``ruleset_yaml`` (a rule set's text)."""
        text = self.data.get("ruleset_yaml")
        if text is not None:
            if self.data.get("ruleset") is not None:
                raise BadRequest("give either 'ruleset' or 'ruleset_yaml', not both.",
                                 field="ruleset_yaml")
            return read_ruleset_text(text)
        return registered_name(self.text("ruleset", default=default) or default, "ruleset")

    def rulesets(self) -> list[str]:
        raw = self.data.get("rulesets")
        if not isinstance(raw, list) or not raw:
            raise BadRequest("is missing or not a non-empty list of rule set names.",
                             field="rulesets", expected='e.g. ["jp-kei@1998", "kr-gyeongcha"]')
        if len(raw) > MAX_ITEMS:
            raise BadRequest(f"holds more than {MAX_ITEMS} rule sets.", field="rulesets")
        names = []
        for i, item in enumerate(raw):
            if not isinstance(item, str) or not item.strip():
                raise BadRequest("is not a rule set name.", field=f"rulesets[{i}]", value=item)
            names.append(registered_name(item.strip(), f"rulesets[{i}]"))
        return names


def registered_name(name: str, field: str) -> str:
    """A rule set or market name, refused if it looks like a path on the server."""
    if looks_like_path(name) or "\\" in name or name.startswith("."):
        raise BadRequest("names a file; the web service takes only registered names.",
                         field=field, value=name,
                         expected="FAMILY or FAMILY@VERSION (GET /v1/rulesets lists them), or "
                         "the rule set's text in 'ruleset_yaml'")
    return name


def read_spec(raw: Any, yaml_text: Any, field: str) -> Vehicle:
    if yaml_text is not None:
        if raw is not None:
            raise BadRequest(f"give either '{field}' or '{field}_yaml', not both.",
                             field=f"{field}_yaml")
        if not isinstance(yaml_text, str):
            raise BadRequest("is not text.", field=f"{field}_yaml", value=yaml_text,
                             expected="the text of a YAML or JSON spec file")
        return vehicle_from_document(load_text(yaml_text, file=f"{field}_yaml"))
    if raw is None:
        raise BadRequest("is missing.", field=field,
                         expected="a spec object, or its YAML text in " + f"'{field}_yaml'")
    if not isinstance(raw, Mapping):
        raise BadRequest("is not a spec object.", field=field, value=raw,
                         expected='an object such as {"name": "...", "length": "3.40 m"}')
    return vehicle_from_mapping(raw, file=field)


def read_ruleset_text(text: Any) -> RuleSet:
    """A rule set sent as text; ``extends`` may name only a registered rule set."""
    from keirules.rulesets.catalog import default_catalog
    from keirules.rulesets.loader import read_header, resolve

    if not isinstance(text, str):
        raise BadRequest("is not text.", field="ruleset_yaml", value=text,
                         expected="the text of a rule set YAML file")
    header = read_header(load_text(text, file="ruleset_yaml"))
    base = None
    if header.extends:
        target = header.extends
        if looks_like_path(target):
            raise RuleSetError("names a file; a rule set sent to the web service may extend "
                               "only a registered rule set.", file="ruleset_yaml",
                               line=header.document.line(("extends",)), field="extends",
                               value=target, expected="FAMILY@VERSION, e.g. jp-kei@1998")
        if "@" not in target:
            raise RuleSetError("names a family without a version; 'extends' must name one "
                               "version, e.g. 'jp-kei@1998'.", file="ruleset_yaml",
                               line=header.document.line(("extends",)), field="extends",
                               value=target)
        try:
            base = default_catalog().get(target)
        except KeirulesError as exc:
            raise exc.located(file="ruleset_yaml", line=header.document.line(("extends",)),
                              field="extends") from None
    return resolve(header, base)
