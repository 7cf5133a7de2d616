"""The page at ``/`` for people: plain HTML forms (no script, nothing fetched from elsewhere)
for a check, a comparison and the routes into a market, answered with the project's own HTML
report. Errors are shown by the field they are about.

Every text that comes from a request is escaped; the forms are usable by keyboard (labels,
native controls, visible focus) and on a phone (one column below 40 rem).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from keirules.errors import KeirulesError
from keirules.render.html import esc, page
from keirules.vehicle import FIELDS

__all__ = ["FORM_UNITS", "compare_page", "home", "routes_page", "spec_from_form"]

#: Units offered beside each quantity field, the first one preselected.
FORM_UNITS: Final = {
    "length": ("mm", "m", "in", "ft"),
    "volume": ("cc", "L", "cu_in"),
    "power": ("PS", "kW", "hp"),
    "mass": ("kg", "lb"),
    "speed": ("km/h", "mph"),
}
_FORM_FIELDS: Final = tuple(name for name, spec in FIELDS.items()
                            if spec.kind not in ("features", "text_list", "notes")
                            and name not in ("notes",))
_STYLE: Final = """
<style>
nav a { margin-right: 1rem; font-weight: 600; }
form.kei { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
           gap: .6rem 1.2rem; margin: 1rem 0; }
form.kei .wide { grid-column: 1 / -1; }
label { display: block; font-weight: 600; font-size: .9rem; }
.hint { display: block; color: #57606a; font-size: .8rem; font-weight: 400; }
input, select, textarea, button { font: inherit; padding: .3rem .4rem; max-width: 100%; }
textarea { width: 100%; min-height: 8rem; font-family: ui-monospace, monospace; }
.pair { display: flex; gap: .3rem; } .pair input { flex: 1; min-width: 0; }
.invalid input, .invalid select, .invalid textarea { border: 2px solid #cf222e; }
.field-error { color: #cf222e; font-weight: 600; font-size: .85rem; display: block; }
.problem { border: 2px solid #cf222e; padding: .6rem .8rem; border-radius: .3rem; }
button { font-weight: 700; padding: .45rem 1.2rem; }
:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
@media (max-width: 40rem) { form.kei { grid-template-columns: 1fr; } }
</style>
"""
_NAV: Final = ('<nav aria-label="Views"><a href="/">Check</a><a href="/compare">Compare</a>'
               '<a href="/routes">Routes</a><a href="/docs">API</a></nav>')


def spec_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The spec a filled form describes: a quantity is its number and unit, empty means absent."""
    spec: dict[str, Any] = {}
    for name in _FORM_FIELDS:
        value = (form.get(name) or "").strip()
        if not value:
            continue
        field = FIELDS[name]
        if field.kind == "quantity":
            unit = (form.get(f"{name}__unit") or "").strip()
            spec[name] = f"{value} {unit}".strip()
        elif field.kind == "integer" and value.isdigit():
            spec[name] = int(value)
        else:
            spec[name] = value
    features = {name[len("feature__"):]: form[name] == "true" for name in form
                if name.startswith("feature__") and form[name] in ("true", "false")}
    if features:
        spec["features"] = features
    return spec


def _error_for(error: KeirulesError | None, field: str) -> str:
    if error is None or error.field is None:
        return ""
    if error.field == field or error.field.startswith(field + "."):
        return (f'<span class="field-error" id="{esc(field)}-error" role="alert">'
                f"{esc(error.message)}</span>")
    return ""


def _input(name: str, form: Mapping[str, str], error: KeirulesError | None) -> str:
    field = FIELDS[name]
    value = esc(form.get(name, ""))
    problem = _error_for(error, name)
    described = f' aria-describedby="{name}-hint{" " + name + "-error" if problem else ""}"'
    invalid = ' aria-invalid="true"' if problem else ""
    label = f'<label for="f-{name}">{esc(name)}<span class="hint" id="{name}-hint">' \
            f"{esc(field.meaning)}</span></label>"
    if field.kind == "choice":
        options = "".join(f'<option value="{c}"{" selected" if form.get(name) == c else ""}>'
                          f"{c}</option>" for c in ("", *field.choices))
        control = f'<select id="f-{name}" name="{name}"{described}{invalid}>{options}</select>'
    elif field.kind == "quantity":
        units = FORM_UNITS[field.dimension or "length"]
        chosen = form.get(f"{name}__unit") or units[0]
        options = "".join(f'<option{" selected" if u == chosen else ""}>{esc(u)}</option>'
                          for u in units)
        control = (f'<span class="pair"><input id="f-{name}" name="{name}" value="{value}" '
                   f'inputmode="decimal"{described}{invalid}>'
                   f'<select name="{name}__unit" aria-label="unit of {name}">{options}</select>'
                   "</span>")
    else:
        kind = ' inputmode="numeric"' if field.kind == "integer" else ""
        control = f'<input id="f-{name}" name="{name}" value="{value}"{kind}{described}{invalid}>'
    css = ' class="invalid"' if problem else ""
    return f"<div{css}>{label}{control}{problem}</div>"


def _features_block(form: Mapping[str, str]) -> str:
    from keirules.features import FEATURES

    rows = []
    for feature in FEATURES.values():
        key = f"feature__{feature.name}"
        chosen = form.get(key, "")
        options = "".join(f'<option value="{v}"{" selected" if chosen == v else ""}>{t}</option>'
                          for v, t in (("", "not declared"), ("true", "yes"), ("false", "no")))
        rows.append(f'<div><label for="f-{key}">{esc(feature.name)}<span class="hint">'
                    f'{esc(feature.meaning)}</span></label><select id="f-{key}" name="{key}">'
                    f"{options}</select></div>")
    return ('<details class="wide"><summary>Equipment (features)</summary>'
            '<div class="kei" style="display:grid;grid-template-columns:repeat(auto-fill,'
            f'minmax(17rem,1fr));gap:.6rem 1.2rem">{"".join(rows)}</div></details>')


def _ruleset_select(name: str, chosen: str, multiple: bool = False) -> str:
    from keirules.rulesets.catalog import default_catalog

    catalog = default_catalog()
    names = [*catalog.families(), *catalog.names()]
    picked = set(chosen.split(",")) if multiple else {chosen}
    options = "".join(f'<option{" selected" if n in picked else ""}>{esc(n)}</option>'
                      for n in names)
    extra = ' multiple size="8"' if multiple else ""
    return (f'<label for="f-{name}">Rule set{"s" if multiple else ""}<span class="hint">'
            f'a family (the version in force on the date) or FAMILY@VERSION</span></label>'
            f'<select id="f-{name}" name="{name}"{extra}>{options}</select>')


def _date_block(form: Mapping[str, str], error: KeirulesError | None) -> str:
    checked = " checked" if form.get("on_manufactured") == "yes" else ""
    return (f'<div>{_error_for(error, "on")}<label for="f-on">Date<span class="hint">'
            'the day to check on (empty: today)</span></label>'
            f'<input id="f-on" name="on" type="date" value="{esc(form.get("on", ""))}">'
            f'<label><input type="checkbox" name="on_manufactured" value="yes"{checked}> '
            "on its date of manufacture instead</label></div>")


def _yaml_block(form: Mapping[str, str], error: KeirulesError | None) -> str:
    problem = ""
    if error is not None and error.file in ("spec_yaml", "spec_file"):
        where = f" (line {error.line})" if error.line else ""
        problem = f'<span class="field-error" role="alert">{esc(str(error))}{where}</span>'
    return ('<div class="wide"><label for="f-spec_yaml">Or paste a spec file (YAML or JSON)'
            '<span class="hint">used instead of the fields above when given</span></label>'
            f'<textarea id="f-spec_yaml" name="spec_yaml">{esc(form.get("spec_yaml", ""))}'
            '</textarea><label for="f-spec_file">Or upload one</label>'
            f'<input id="f-spec_file" name="spec_file" type="file" accept=".yaml,.yml,.json">'
            f"{problem}</div>")


def _problem(error: KeirulesError | None) -> str:
    if error is None:
        return ""
    return (f'<p class="problem" role="alert"><strong>Not checked:</strong> {esc(str(error))}'
            "</p>")


def home(form: Mapping[str, str] | None = None, result: str = "",
         error: KeirulesError | None = None) -> str:
    """The check form, with the report below it once one was asked for."""
    form = form or {}
    fields = "".join(_input(name, form, error) for name in _FORM_FIELDS)
    body = [
        _STYLE, "<h1>keirules: does this vehicle qualify?</h1>", _NAV, _problem(error),
        '<form class="kei" method="post" action="/check" enctype="multipart/form-data">',
        fields, _features_block(form), _yaml_block(form, error),
        f'<div>{_ruleset_select("ruleset", form.get("ruleset", "jp-kei"))}</div>',
        _date_block(form, error),
        '<div class="wide"><button type="submit">Check</button></div></form>',
        result,
    ]
    return page("keirules: check a vehicle", body)


def compare_page(form: Mapping[str, str] | None = None, result: str = "",
                 error: KeirulesError | None = None) -> str:
    """Several specs (YAML documents separated by '---', or files) against several rule sets."""
    form = form or {}
    body = [
        _STYLE, "<h1>keirules: compare vehicles and regimes</h1>", _NAV, _problem(error),
        '<form class="kei" method="post" action="/compare" enctype="multipart/form-data">',
        '<div class="wide"><label for="f-specs_yaml">Specs (YAML), separated by a line '
        '<code>---</code></label>'
        f'<textarea id="f-specs_yaml" name="specs_yaml">{esc(form.get("specs_yaml", ""))}'
        '</textarea><label for="f-spec_files">Or upload spec files</label>'
        '<input id="f-spec_files" name="spec_files" type="file" multiple '
        'accept=".yaml,.yml,.json"></div>',
        f'<div>{_ruleset_select("rulesets", form.get("rulesets", "jp-kei"), multiple=True)}'
        "</div>",
        _date_block(form, error),
        '<div class="wide"><button type="submit">Compare</button></div></form>',
        result,
    ]
    return page("keirules: compare", body)


def routes_page(markets: Sequence[str], regions: Mapping[str, Sequence[str]],
                form: Mapping[str, str] | None = None, result: str = "",
                error: KeirulesError | None = None) -> str:
    """One spec: the routes into a market, and a state's or province's own."""
    form = form or {}
    chosen = form.get("market", "US")
    market_options = "".join(f'<option{" selected" if m == chosen else ""}>{esc(m)}</option>'
                             for m in markets)
    state = form.get("state", "")
    state_options = '<option value="">(none)</option><option value="all"' + (
        " selected" if state == "all" else "") + ">all</option>" + "".join(
        f'<option value="{esc(c)}"{" selected" if c == state else ""}>{esc(m)} {esc(c)}</option>'
        for m, codes in regions.items() for c in codes)
    body = [
        _STYLE, "<h1>keirules: routes into a market</h1>", _NAV, _problem(error),
        '<form class="kei" method="post" action="/routes" enctype="multipart/form-data">',
        _yaml_block(form, error),
        f'<div><label for="f-market">Market</label><select id="f-market" name="market">'
        f"{market_options}</select></div>",
        f'<div><label for="f-state">State or province<span class="hint">its own routes on '
        f'top of the market\'s</span></label><select id="f-state" name="state">{state_options}'
        "</select></div>",
        _date_block(form, error),
        '<div class="wide"><button type="submit">Show routes</button></div></form>',
        result,
    ]
    return page("keirules: routes", body)
