"""The page's form posts: read the form (fields, pasted YAML or an uploaded file), call the
library, and answer with the page and the project's HTML report, or the form again with the
error by its field (status 422)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse

from keirules.errors import KeirulesError
from keirules.web import page
from keirules.web.bounded import run_bounded
from keirules.web.inputs import BadRequest, registered_name

__all__ = ["check_post", "compare_get", "compare_post", "home_get", "routes_get", "routes_post"]

_MAX_FILES = 50
_MAX_FIELDS = 400


async def _form(request: Request) -> tuple[dict[str, str], list[tuple[str, str]], list[str]]:
    """The form's text fields, its uploaded files (name, text), and multi-valued rule sets."""
    data: FormData = await request.form(max_files=_MAX_FILES, max_fields=_MAX_FIELDS)
    fields: dict[str, str] = {}
    files: list[tuple[str, str]] = []
    for key, value in data.multi_items():
        if isinstance(value, UploadFile):
            content = await value.read()
            if content:
                try:
                    files.append((value.filename or key, content.decode("utf-8")))
                except UnicodeDecodeError:
                    raise BadRequest("is not UTF-8 text.", file=value.filename or key,
                                     field=key) from None
        elif key not in fields:
            fields[key] = str(value)
    rulesets = [str(v) for v in data.getlist("rulesets") if isinstance(v, str)]
    if rulesets:  # every choice kept, so that the form shows them all again
        fields["rulesets"] = ",".join(rulesets)
    return fields, files, rulesets


def _on(fields: dict[str, str]) -> str | None:
    if fields.get("on_manufactured") == "yes":
        return "manufactured"
    return fields.get("on") or None


def _spec(fields: dict[str, str], files: list[tuple[str, str]]) -> Any:
    """The vehicle: an uploaded file, else pasted YAML, else the form's fields."""
    from keirules.vehicle import vehicle_from_document, vehicle_from_mapping
    from keirules.yamlload import load_text

    if files:
        name, text = files[0]
        return vehicle_from_document(load_text(text, file="spec_file",
                                               json_syntax=name.lower().endswith(".json")))
    if fields.get("spec_yaml", "").strip():
        return vehicle_from_document(load_text(fields["spec_yaml"], file="spec_yaml"))
    return vehicle_from_mapping(page.spec_from_form(fields), file=None)


def _report_html(document: Any) -> str:
    from keirules.render.html import html_sections

    _title, body = html_sections(document)
    return ('<section class="result" id="result" aria-label="Result">' + "\n".join(body)
            + "</section>")


async def _render(request: Request, work: Any, show: Any) -> HTMLResponse:
    fields: dict[str, str] = {}
    try:
        fields, files, rulesets = await _form(request)
        document = await run_bounded(lambda: work(fields, files, rulesets))
    except KeirulesError as exc:
        return HTMLResponse(show(fields, "", exc), status_code=422)
    return HTMLResponse(show(fields, _report_html(document), None))


async def home_get(request: Request) -> HTMLResponse:
    return HTMLResponse(page.home())


async def check_post(request: Request) -> HTMLResponse:
    from keirules.api import check

    def work(fields: dict[str, str], files: list[tuple[str, str]], _: list[str]) -> Any:
        ruleset = registered_name(fields.get("ruleset") or "jp-kei", "ruleset")
        return check(_spec(fields, files), ruleset, _on(fields))

    return await _render(request, work, page.home)


async def compare_get(request: Request) -> HTMLResponse:
    return HTMLResponse(page.compare_page())


def _specs(fields: dict[str, str], files: list[tuple[str, str]]) -> list[Any]:
    from keirules.vehicle import vehicle_from_document
    from keirules.yamlload import load_text

    texts = [(f"spec_files: {name}", text) for name, text in files]
    pasted = fields.get("specs_yaml", "")
    chunks = [c for c in _split_documents(pasted) if c.strip()]
    texts += [(f"specs_yaml #{i + 1}", chunk) for i, chunk in enumerate(chunks)]
    if not texts:
        raise BadRequest("needs at least one spec: paste YAML or upload files.",
                         field="specs_yaml")
    return [vehicle_from_document(load_text(text, file=name,
                                            json_syntax=name.lower().endswith(".json")))
            for name, text in texts]


def _split_documents(text: str) -> list[str]:
    parts: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip() == "---":
            parts.append([])
        else:
            parts[-1].append(line)
    return ["\n".join(part) for part in parts]


async def compare_post(request: Request) -> HTMLResponse:
    from keirules.analysis import compare

    def work(fields: dict[str, str], files: list[tuple[str, str]],
             rulesets: list[str]) -> Any:
        names = [registered_name(n, "rulesets") for n in rulesets] or ["jp-kei"]
        return compare(_specs(fields, files), names, fields.get("on") or None)

    def show(fields: dict[str, str], result: str, error: KeirulesError | None) -> str:
        return page.compare_page(fields, result, error)

    return await _render(request, work, show)


def _markets() -> tuple[list[str], dict[str, list[str]]]:
    from keirules.markets import find_market, known_markets
    from keirules.regions import region_codes

    codes = sorted(code.upper() for code in known_markets())
    return codes, {code: region_codes(find_market(code)) for code in codes}


async def routes_get(request: Request) -> HTMLResponse:
    markets, regions = _markets()
    return HTMLResponse(page.routes_page(markets, regions))


async def routes_post(request: Request) -> HTMLResponse:
    from keirules import routing

    markets, regions = _markets()

    def work(fields: dict[str, str], files: list[tuple[str, str]], _: list[str]) -> Any:
        market = registered_name(fields.get("market") or "US", "market")
        state = (fields.get("state") or "").strip() or None
        vehicle = _spec(fields, files)
        if state == "all":
            return routing.region_routes(vehicle, market, _on(fields))
        if state is not None and state not in regions.get(market.upper(), []):
            raise BadRequest(f"is not a region of market {market}.", field="state", value=state,
                             expected="one of " + (", ".join(regions.get(market.upper(), []))
                                                   or "(none)") + ", all, or (none)")
        return routing.routes(vehicle, market, _on(fields), region=state)

    def show(fields: dict[str, str], result: str, error: KeirulesError | None) -> str:
        return page.routes_page(markets, regions, fields, result, error)

    return await _render(request, work, show)
