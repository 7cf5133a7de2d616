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
from keirules.web.errors import hide_server_paths

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
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(17rem, 100%), 1fr));
        gap: .6rem 1.2rem; margin: 1rem 0; }
.grid > * { min-width: 0; }
.wide { grid-column: 1 / -1; }
label { display: block; font-weight: 600; font-size: .9rem; }
label.check { font-weight: 400; margin-top: .3rem; }
.hint { display: block; color: #57606a; font-size: .8rem; font-weight: 400; }
input, select, textarea, button { font: inherit; padding: .3rem .4rem; max-width: 100%; }
input:not([type]), input[type=date], textarea { width: 100%; }
textarea { min-height: 8rem; font-family: ui-monospace, monospace; }
.pair { display: flex; gap: .3rem; } .pair input { flex: 1; min-width: 0; }
details.wide summary { cursor: pointer; font-weight: 600; padding: .2rem 0; }
section.result { border-top: 2px solid #d0d7de; margin-top: 1rem; padding-top: .6rem;
                 overflow-x: auto; }
.problem a { color: inherit; }
[aria-invalid=true] { border: 2px solid #cf222e; }
.field-error { color: #cf222e; font-weight: 600; font-size: .85rem; display: block; }
.problem { border: 2px solid #cf222e; padding: .6rem .8rem; border-radius: .3rem; }
button { font-weight: 700; padding: .45rem 1.2rem; }
:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
@media (max-width: 40rem) { .grid { grid-template-columns: minmax(0, 1fr); }
  body { margin: 1rem auto; padding: 0 .75rem; }
  section.result th, section.result td { padding: .25rem .3rem; font-size: .8rem; }
  section.result td.num { white-space: normal; } }
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


def _about(error: KeirulesError | None, field: str) -> bool:
    """Whether the error is about this form field (not a field of a pasted or uploaded file)."""
    if error is None or error.field is None or error.file is not None:
        return False
    return error.field == field or error.field.startswith((field + ".", field + "["))


def _error_for(error: KeirulesError | None, field: str) -> str:
    if not _about(error, field):
        return ""
    assert error is not None
    return f'<span class="field-error" id="{esc(field)}-error">{esc(error.message)}</span>'


def _input(name: str, form: Mapping[str, str], error: KeirulesError | None) -> str:
    field = FIELDS[name]
    value = esc(form.get(name, ""))
    problem = _error_for(error, name)
    described = f' aria-describedby="{name}-hint{" " + name + "-error" if problem else ""}"'
    invalid = ' aria-invalid="true" autofocus' if problem else ""
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


def _features_block(form: Mapping[str, str], error: KeirulesError | None) -> str:
    from keirules.features import FEATURES

    rows = []
    for feature in FEATURES.values():
        key = f"feature__{feature.name}"
        chosen = form.get(key, "")
        options = "".join(f'<option value="{v}"{" selected" if chosen == v else ""}>{t}</option>'
                          for v, t in (("", "not declared"), ("true", "yes"), ("false", "no")))
        problem = _error_for(error, key) or _error_for(error, f"features.{feature.name}")
        invalid = ' aria-invalid="true" autofocus' if problem else ""
        rows.append(f'<div{" class=invalid" if problem else ""}><label for="f-{key}">'
                    f'{esc(feature.name)}<span class="hint">{esc(feature.meaning)}</span>'
                    f'</label><select id="f-{key}" name="{key}"{invalid}>{options}</select>'
                    f"{problem}</div>")
    opened = " open" if error is not None and error.field is not None \
        and error.field.startswith("features") else ""
    return (f'<details class="wide"{opened}><summary>Equipment (features): yes, no or not '
            f'declared</summary><div class="grid">{"".join(rows)}</div></details>')


def _ruleset_options(picked: set[str]) -> str:
    """Every rule set, grouped by family: the family itself (the version in force on the date)
    first, then each version with its title."""
    from keirules.rulesets.catalog import default_catalog

    groups: dict[str, list[tuple[str, str]]] = {}
    for ruleset in default_catalog().all():
        groups.setdefault(ruleset.family, [(ruleset.family, "in force on the date")])
        groups[ruleset.family].append((ruleset.name, ruleset.title))

    def option(name: str, title: str) -> str:
        chosen = " selected" if name in picked else ""
        return f'<option value="{esc(name)}"{chosen}>{esc(name)}: {esc(title)}</option>'

    return "".join(f'<optgroup label="{esc(family)}">'
                   + "".join(option(name, title) for name, title in entries) + "</optgroup>"
                   for family, entries in groups.items())


def _ruleset_block(name: str, chosen: str, error: KeirulesError | None,
                   multiple: bool = False) -> str:
    picked = set(chosen.split(",")) if multiple else {chosen}
    extra = ' multiple size="12"' if multiple else ""
    hint = "a family (the version in force on the date) or one version"
    if multiple:
        hint += "; Ctrl, Shift or Space picks several"
    return _select_block(name, "Rule sets" if multiple else "Rule set", hint,
                         _ruleset_options(picked), error, extra, wide=multiple)


def _date_block(form: Mapping[str, str], error: KeirulesError | None,
                manufactured: bool = True) -> str:
    """The date to check on; ``manufactured`` offers each vehicle's own date of manufacture."""
    problem = _error_for(error, "on")
    invalid = ' aria-invalid="true" autofocus' if problem else ""
    described = ' aria-describedby="on-hint on-error"' if problem else \
        ' aria-describedby="on-hint"'
    checked = " checked" if form.get("on_manufactured") == "yes" else ""
    choice = (f'<label class="check"><input type="checkbox" name="on_manufactured" value="yes"'
              f"{checked}> on its date of manufacture instead</label>") if manufactured else ""
    return (f'<div{" class=invalid" if problem else ""}><label for="f-on">Date'
            '<span class="hint" id="on-hint">the day to check on (empty: today)</span></label>'
            f'<input id="f-on" name="on" type="date" value="{esc(form.get("on", ""))}"'
            f"{described}{invalid}>{problem}{choice}</div>")


def _in_file(error: KeirulesError | None, *files: str) -> str:
    """The error by the text box or upload it is about (``file`` is the box's name)."""
    if error is None or error.file is None or not error.file.startswith(files):
        return ""
    return f'<span class="field-error" id="{esc(files[0])}-error">{esc(str(error))}</span>'


def _yaml_block(form: Mapping[str, str], error: KeirulesError | None,
                lead: str = "Or paste a spec file (YAML or JSON)",
                hint: str = "used instead of the fields above when given") -> str:
    problem = _in_file(error, "spec_yaml", "spec_file")
    invalid = ' aria-invalid="true" aria-describedby="spec_yaml-error" autofocus' \
        if problem else ""
    return (f'<div class="wide{" invalid" if problem else ""}"><label for="f-spec_yaml">'
            f'{esc(lead)}<span class="hint">{esc(hint)}</span></label>'
            f'<textarea id="f-spec_yaml" name="spec_yaml"{invalid}>'
            f'{esc(form.get("spec_yaml", ""))}</textarea>{problem}'
            '<label for="f-spec_file">Or upload one</label>'
            '<input id="f-spec_file" name="spec_file" type="file" accept=".yaml,.yml,.json">'
            "</div>")


def _problem(error: KeirulesError | None, fields: Sequence[str] = ()) -> str:
    """The error above the form, linking to the field it is about when that is on the form."""
    if error is None:
        return ""
    target = next((f"f-{name}" for name in fields if _about(error, name)), None)
    if target is None and error.file is not None:
        target = "f-specs_yaml" if error.file.startswith(("specs_yaml", "spec_files")) \
            else "f-spec_yaml" if error.file.startswith(("spec_yaml", "spec_file")) else None
    text = esc(hide_server_paths(str(error)) or "")
    if target is not None:
        text = f'<a href="#{target}">{text}</a>'
    return f'<p class="problem" role="alert"><strong>Not checked:</strong> {text}</p>'


def _result(result: str, again: str) -> list[str]:
    """The answer first, then the form again under a heading saying what it is for."""
    if not result:
        return []
    return [result, f"<h2>{esc(again)}</h2>"]


def _select_block(name: str, label: str, hint: str, options: str,
                  error: KeirulesError | None, extra: str = "", wide: bool = False) -> str:
    problem = _error_for(error, name)
    css = " ".join(c for c, on in (("wide", wide), ("invalid", bool(problem))) if on)
    attr = f' class="{css}"' if css else ""
    invalid = f' aria-invalid="true" aria-describedby="{name}-error" autofocus' if problem else ""
    hint_html = f'<span class="hint">{esc(hint)}</span>' if hint else ""
    return (f'<div{attr}><label for="f-{name}">{esc(label)}{hint_html}</label>'
            f'<select id="f-{name}" name="{name}"{extra}{invalid}>{options}</select>'
            f"{problem}</div>")


def home(form: Mapping[str, str] | None = None, result: str = "",
         error: KeirulesError | None = None) -> str:
    """The check form; once a check was asked for, its report first and the form below."""
    form = form or {}
    fields = "".join(_input(name, form, error) for name in _FORM_FIELDS)
    body = [
        _STYLE, "<h1>keirules: does this vehicle qualify?</h1>", _NAV,
        _problem(error, (*_FORM_FIELDS, "ruleset", "on")),
        *_result(result, "Change the vehicle and check again"),
        '<form class="grid" method="post" action="/check" enctype="multipart/form-data">',
        fields, _features_block(form, error), _yaml_block(form, error),
        _ruleset_block("ruleset", form.get("ruleset", "jp-kei"), error),
        _date_block(form, error),
        '<div class="wide"><button type="submit">Check</button></div></form>',
    ]
    return page("keirules: check a vehicle", body)


def compare_page(form: Mapping[str, str] | None = None, result: str = "",
                 error: KeirulesError | None = None) -> str:
    """Several specs (YAML documents separated by '---', or files) against several rule sets."""
    form = form or {}
    problem = _in_file(error, "specs_yaml", "spec_files")
    invalid = ' aria-invalid="true" aria-describedby="specs_yaml-error" autofocus' \
        if problem else ""
    body = [
        _STYLE, "<h1>keirules: compare vehicles and regimes</h1>", _NAV,
        _problem(error, ("specs_yaml", "rulesets", "on")),
        *_result(result, "Change the comparison"),
        '<form class="grid" method="post" action="/compare" enctype="multipart/form-data">',
        f'<div class="wide{" invalid" if problem else ""}"><label for="f-specs_yaml">Specs '
        '(YAML or JSON)<span class="hint">one or more spec files, separated by a line '
        '<code>---</code></span></label>'
        f'<textarea id="f-specs_yaml" name="specs_yaml"{invalid}>'
        f'{esc(form.get("specs_yaml", ""))}</textarea>{problem}'
        '<label for="f-spec_files">Or upload spec files</label>'
        '<input id="f-spec_files" name="spec_files" type="file" multiple '
        'accept=".yaml,.yml,.json"></div>',
        _ruleset_block("rulesets", form.get("rulesets", "jp-kei"), error, multiple=True),
        _date_block(form, error, manufactured=False),
        '<div class="wide"><button type="submit">Compare</button></div></form>',
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
        " selected" if state == "all" else "") + ">all of them, one by one</option>" + "".join(
        f'<optgroup label="{esc(m)}">' + "".join(
            f'<option value="{esc(c)}"{" selected" if c == state else ""}>{esc(c)}</option>'
            for c in codes) + "</optgroup>"
        for m, codes in regions.items() if codes)
    body = [
        _STYLE, "<h1>keirules: routes into a market</h1>", _NAV,
        _problem(error, ("market", "state", "on")),
        *_result(result, "Change the vehicle or the market"),
        '<form class="grid" method="post" action="/routes" enctype="multipart/form-data">',
        _yaml_block(form, error, lead="The vehicle: paste a spec file (YAML or JSON)",
                    hint="the fields the routes need, e.g. manufactured, category, top_speed"),
        _select_block("market", "Market", "the country the vehicle goes to", market_options,
                      error),
        _select_block("state", "State or province", "its own routes on top of the market's",
                      state_options, error),
        _date_block(form, error),
        '<div class="wide"><button type="submit">Show routes</button></div></form>',
    ]
    return page("keirules: routes", body)
