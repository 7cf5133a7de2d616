"""The command line: parse arguments, call the library, render, map verdicts to exit codes.

Exit status (every evaluating command): 0 compliant, 1 not compliant, 2 bad input or usage
(one paragraph on stderr, no traceback), 3 undetermined (missing data).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from keirules.errors import KeirulesError, UsageError
from keirules.version import __version__

__all__ = ["main"]

EXIT_BAD_INPUT = 2
_DOCUMENT_FORMATS = ("table", "json", "markdown", "html")
_CATALOG_FORMATS = ("table", "csv", "jsonl")  # keirules.batch.command.CATALOG_FORMATS


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one paragraph and exit status 2 like any bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"keirules: error: {message}. See '{self.prog} --help'.\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="keirules",
        description="Check vehicles against kei-car and other small-vehicle regulations.",
        epilog="Exit status: 0 compliant, 1 not compliant, 2 bad input, 3 undetermined.",
    )
    parser.add_argument("--version", action="version", version=f"keirules {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser(
        "check", help="check one vehicle spec, or a CSV / JSON Lines catalog, against a rule set",
        epilog="A catalog (.csv, .jsonl) is streamed: one output row per input row. Its exit "
        "status: 2 if any row was bad, else 1 if any failed, else 3 if any was incomplete.")
    check.add_argument("spec", metavar="SPEC",
                       help="vehicle spec file (YAML or JSON), or a catalog (.csv or .jsonl)")
    check.add_argument("--ruleset", "-r", default="jp-kei", metavar="NAME",
                       help="FAMILY, FAMILY@VERSION or a rule set file (default: jp-kei)")
    check.add_argument("--on", metavar="DATE",
                       help="evaluation date YYYY-MM-DD, or 'manufactured' (default: today)")
    check.add_argument("--format", "-f",
                       choices=(*_DOCUMENT_FORMATS, *_CATALOG_FORMATS[1:], "parquet"),
                       default="table", help="a spec: table, json, markdown or html; "
                       "a catalog: table or json (the summary), csv, jsonl or parquet")
    check.add_argument("--output", "-o", metavar="FILE",
                       help="catalogs: write the rows (or summary) to FILE instead of stdout")
    check.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="catalogs: worker processes (default: one per core, at most 4, "
                       "for catalogs over 16 MiB when a core is idle; 1 for none)")
    check.add_argument("--delimiter", metavar="CHAR",
                       help="CSV catalogs: the cell delimiter, e.g. ';' or tab (default: "
                       "sniffed from the header line)")

    compare = commands.add_parser(
        "compare", help="every vehicle against every rule set",
        epilog="Exit status: 1 if any cell failed, else 3 if any was incomplete, else 0; "
        "2 bad input.")
    compare.add_argument("specs", metavar="SPEC", nargs="+", help="vehicle spec files")
    compare.add_argument("--ruleset", "-r", action="append", required=True, metavar="NAME",
                         help="FAMILY, FAMILY@VERSION or a file; repeat for each rule set")
    compare.add_argument("--on", metavar="DATE", help="date for family names (default: today), "
                         "or 'manufactured': each vehicle on its own date of manufacture")
    compare.add_argument("--format", "-f", choices=_DOCUMENT_FORMATS, default="table")

    timeline = commands.add_parser(
        "timeline", help="one vehicle against every dated version of a family",
        epilog="Exit status: 0 if it qualified under some version, 1 if under none, 3 if it "
        "never passed but some version could not be decided (missing data); 2 bad input.")
    timeline.add_argument("spec", metavar="SPEC")
    timeline.add_argument("--family", default="jp-kei", help="rule set family (default: jp-kei)")
    timeline.add_argument("--format", "-f", choices=_DOCUMENT_FORMATS, default="table")

    diff = commands.add_parser("diff", help="what changed between two rule sets, rule by rule",
                               epilog="Exit status: 0 (a difference is not a failure); "
                               "2 bad input.")
    diff.add_argument("old", metavar="NAME", help="FAMILY@VERSION, FAMILY or a file")
    diff.add_argument("new", metavar="NAME")
    diff.add_argument("--on", metavar="DATE", help="date for family names (default: today)")
    diff.add_argument("--format", "-f", choices=_DOCUMENT_FORMATS, default="table")

    listing = commands.add_parser("list", help="list every rule set family and version")
    listing.add_argument("--format", "-f", choices=("table", "json"), default="table")
    listing.add_argument("--regions", action="store_true",
                         help="list the region layers (states, provinces) instead, with the day "
                         "each one's law was last checked")

    show = commands.add_parser("show", help="show a rule set's rules, sources and notes, or "
                               "a region layer (US-CO)")
    show.add_argument("name", metavar="NAME", help="FAMILY, FAMILY@VERSION, a file, or a "
                      "region MARKET-REGION such as US-CO")
    show.add_argument("--on", metavar="DATE", help="for a bare family: the date (default: today)")
    show.add_argument("--format", "-f", choices=("table", "json", "yaml"), default="table")

    validate = commands.add_parser(
        "validate", help="check rule set and vehicle spec files, and run rule sets' tests")
    validate.add_argument("files", metavar="FILE", nargs="*")
    validate.add_argument("--builtin", action="store_true",
                          help="also validate every built-in rule set (running its tests) "
                          "and every built-in market")

    features = commands.add_parser(
        "features", help="list the equipment names that specs and feature rules may use")
    features.add_argument("--format", "-f", choices=("table", "json"), default="table")

    routes = commands.add_parser(
        "routes", help="which routes into a market (US import, low-speed vehicle...) are open",
        epilog="A route is open (its rule sets pass), closed (a legal rule fails; 'opens on' "
        "when only age limits close it) or undetermined (inputs missing, or it rests on a "
        "draft or advisory rule set). Exit status: 0 some route open, 1 every route closed, "
        "2 bad input, 3 none open but some undetermined.")
    routes.add_argument("spec", metavar="SPEC", help="vehicle spec file (YAML or JSON)")
    routes.add_argument("--market", "-m", required=True, action="append", metavar="MARKET",
                        help="market code, any case (e.g. US), or a market file path; repeat "
                        "it to compare markets (one row per market)")
    routes.add_argument("--state", "--region", dest="state", metavar="CODE",
                        help="add a state's or province's own routes (e.g. CO), or 'all' for a "
                        "table of every region of the market")
    routes.add_argument("--markets-dir", action="append", default=[], metavar="DIR",
                        help="a folder of market files (MARKET.yaml), searched before the "
                        "built-in markets; may be repeated")
    routes.add_argument("--on", metavar="DATE", help="evaluation date YYYY-MM-DD (default: "
                        "today), or 'manufactured'")
    routes.add_argument("--format", "-f",
                        choices=("table", "json", "markdown", "html", "csv", "jsonl"),
                        default="table", help="table, json, markdown or html for one vehicle; "
                        "for an inventory (a .csv or .jsonl catalog) table (the summary), csv "
                        "or jsonl (one row per vehicle) or json (the summary)")
    routes.add_argument("--output", "-o", metavar="FILE",
                        help="write an inventory's rows to FILE (written whole, or not at all)")

    serve = commands.add_parser(
        "serve", help="run the web service: a JSON API under /v1 and a page at / (needs the "
        "serve extra)",
        epilog="The app is keirules.web:app, so any ASGI server can run it too (e.g. uvicorn "
        "keirules.web:app --workers 4). Examples: keirules serve; keirules serve --host "
        "0.0.0.0 --port 8080 --workers 2")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default "
                       "127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes (default 1; one per core serves most)")

    plot = commands.add_parser(
        "plot", help="draw a chart as PNG or SVG (needs matplotlib: keirules[plot])",
        epilog="The chart is written to --output (.png or .svg; default plot-CHART.png in the "
        "current folder) and its path printed. 'plot vehicles' exits like compare: 0, 1 if a "
        "vehicle failed, 3 if one was incomplete; 2 for bad input or a missing matplotlib.")
    charts = plot.add_subparsers(dest="chart", metavar="CHART", parser_class=_Parser)
    charts.required = True
    limits = charts.add_parser("limits", help="a family's limits over time, one panel per field")
    limits.add_argument("--family", default="jp-kei", help="rule set family (default: jp-kei)")
    limits.add_argument("--until", metavar="DATE",
                        help="end of the time axis, YYYY-MM-DD (default: today)")
    limits.add_argument("--output", "-o", metavar="FILE", help="FILE.png or FILE.svg")
    vehicles = charts.add_parser("vehicles",
                                 help="vehicles' length against width, with rule set boxes")
    vehicles.add_argument("specs", metavar="SPEC", nargs="+", help="vehicle spec files")
    vehicles.add_argument("--ruleset", "-r", action="append", required=True, metavar="NAME",
                          help="FAMILY, FAMILY@VERSION or a file; repeat for more boxes")
    vehicles.add_argument("--on", metavar="DATE", help="date for family names and the checks "
                          "(default: today)")
    vehicles.add_argument("--output", "-o", metavar="FILE", help="FILE.png or FILE.svg")

    schema = commands.add_parser("schema", help="print a JSON Schema for editors and programs")
    schema.add_argument("kind", choices=("vehicle", "ruleset", "report"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    args = _parser().parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "check": _check,
        "compare": _compare,
        "timeline": _timeline,
        "diff": _diff,
        "list": _list,
        "show": _show,
        "validate": _validate,
        "features": _features,
        "routes": _routes,
        "plot": _plot,
        "schema": _schema,
        "serve": _serve,
    }
    try:
        return handlers[args.command](args)
    except KeirulesError as exc:
        _error(str(exc))
    except BrokenPipeError:
        _quiet_broken_pipe()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not bad input: still one paragraph, no traceback
        if os.environ.get("KEIRULES_DEBUG"):
            raise
        _error(f"internal error ({type(exc).__name__}: {exc}). This is a bug in keirules; "
               "run with KEIRULES_DEBUG=1 for the traceback and please report it")
    return EXIT_BAD_INPUT


def _error(message: str) -> None:
    print(f"keirules: error: {message}", file=sys.stderr)


def _quiet_broken_pipe() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _console(stream: TextIO | None = None) -> Any:
    from rich.console import Console

    return Console(file=stream, highlight=False, soft_wrap=False)


def _emit(document: Any, fmt: str) -> None:
    """Print a report, matrix, timeline or diff in the chosen format."""
    if fmt == "json":
        from keirules.render.jsonout import dumps

        print(dumps(document.as_dict()))
    elif fmt == "markdown":
        from keirules.render.markdown import render_markdown

        print(render_markdown(document), end="")
    elif fmt == "html":
        from keirules.render.html import render_html

        print(render_html(document), end="")
    else:
        from keirules.render import table

        renderers: dict[str, Callable[[Any], Any]] = {
            "Report": table.report_table, "Matrix": table.matrix_table,
            "Timeline": table.timeline_table, "Diff": table.diff_table,
            "RouteReport": table.routes_table,
        }
        name = type(document).__name__
        if name in ("RegionsReport", "MarketsReport"):
            from keirules.render.outline import outline_rich
            from keirules.render.routes_outline import routes_outline

            _console().print(outline_rich(routes_outline(document)))
        else:
            _console().print(renderers[name](document))


def _check(args: argparse.Namespace) -> int:
    from keirules.batch import catalog_kind

    if catalog_kind(args.spec):
        from keirules.batch.command import run_catalog

        return run_catalog(args.spec, args.ruleset, args.on, args.format, args.output,
                           args.jobs, args.delimiter)
    if (args.format not in _DOCUMENT_FORMATS or args.output or args.jobs is not None
            or args.delimiter is not None):

        option = ("--output" if args.output else "--jobs" if args.jobs is not None
                  else "--delimiter" if args.delimiter is not None else f"--format {args.format}")
        raise UsageError(f"{option} is for catalogs (.csv or .jsonl files); a single spec is "
                         "printed as " + ", ".join(_DOCUMENT_FORMATS) + ".", value=args.spec,
                         expected="--format table, json, markdown or html, without --output "
                         "or --jobs")
    from keirules.api import check

    report = check(args.spec, args.ruleset, args.on)
    _emit(report, args.format)
    return report.exit_code


def _compare(args: argparse.Namespace) -> int:
    from keirules.analysis import compare

    matrix = compare(args.specs, args.ruleset, args.on)
    _emit(matrix, args.format)
    return matrix.exit_code


def _timeline(args: argparse.Namespace) -> int:
    from keirules.analysis import timeline

    result = timeline(args.spec, args.family)
    _emit(result, args.format)
    return result.exit_code


def _diff(args: argparse.Namespace) -> int:
    from keirules.analysis import diff

    _emit(diff(args.old, args.new, args.on), args.format)
    return 0


def _list(args: argparse.Namespace) -> int:
    from keirules.rulesets.catalog import default_catalog

    if args.regions:
        return _list_regions(args.format)

    catalog = default_catalog()
    rulesets = catalog.all()
    providers = {family: catalog.provider(family) for family in {rs.family for rs in rulesets}}
    if args.format == "json":
        from keirules.render.jsonout import catalog_entries, dumps

        print(dumps(catalog_entries(rulesets, providers)))
    else:
        from keirules.render.table import catalog_table

        _console().print(catalog_table(rulesets, providers))
    for problem in catalog.problems:  # a broken plugin never hides the working rule sets
        print(f"keirules: warning: {problem}", file=sys.stderr)
    return 0


def _region_named(name: str) -> Any:
    """The region layer a ``show`` name such as ``US-CO`` names, or None."""
    import re

    match = re.fullmatch(r"([A-Za-z]{2})-([A-Za-z]{2,3})", name.strip())
    if match is None:
        return None
    from keirules.markets import find_market, known_markets
    from keirules.regions import find_region
    from keirules.rulesets.catalog import default_catalog

    if match[1].lower() not in known_markets() or name.strip() in default_catalog().families():
        return None  # a rule set family such as ca-riv comes first
    return find_region(find_market(match[1]), match[2])


def _list_regions(fmt: str) -> int:
    from keirules.markets import find_market, known_markets
    from keirules.regions import regions

    found = [region for code in sorted(known_markets()) for region in regions(find_market(code))]
    if fmt == "json":
        from keirules.render.jsonout import dumps

        print(dumps([{"market": r.market, "region": r.code, "title": r.title,
                      "checked": r.checked.isoformat(), "researched": r.researched,
                      "routes": len(r.routes)} for r in found]))
        return 0
    from keirules.render.outline import outline_rich
    from keirules.render.routes_outline import regions_list_outline

    _console().print(outline_rich(regions_list_outline(found)))
    return 0


def _show(args: argparse.Namespace) -> int:
    from keirules.api import load_ruleset, resolve_on

    region = _region_named(args.name)
    if region is not None:
        if args.format == "table":
            from keirules.render.outline import outline_rich
            from keirules.render.routes_outline import region_outline

            _console().print(outline_rich(region_outline(region)))
        else:
            from keirules.render.jsonout import dumps

            print(dumps(_region_dict(region)))
        return 0

    ruleset = load_ruleset(args.name, resolve_on(args.on))
    if args.format == "table":
        from keirules.render.table import ruleset_details

        _console().print(ruleset_details(ruleset))
        return 0
    from keirules.render.jsonout import dumps, ruleset_dict

    data = ruleset_dict(ruleset)
    if args.format == "json":
        print(dumps(data))
    else:
        import yaml

        print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), end="")
    return 0


def _region_dict(region: Any) -> dict[str, Any]:
    return {
        "market": region.market, "region": region.code, "title": region.title,
        "checked": region.checked.isoformat(), "researched": region.researched,
        "file": region.file, "notes": region.notes,
        "sources": {key: source.as_dict() for key, source in region.sources.items()},
        "routes": [{"route": r.id, "title": r.title, "kind": r.kind,
                    "requires": list(r.requires), "rulesets": [x.name for x in r.rulesets],
                    "decision": r.decision, "reason": r.reason,
                    "effective_from": r.effective_from.isoformat() if r.effective_from else None,
                    "effective_until": (r.effective_until.isoformat() if r.effective_until
                                        else None),
                    "restrictions": list(r.restrictions)} for r in region.routes],
    }


def _validate(args: argparse.Namespace) -> int:
    from keirules.rulesets.catalog import Catalog

    paths = [Path(p) for p in args.files]
    if args.builtin:
        from keirules.markets import known_markets

        catalog = Catalog(plugins=False)  # built-in ones only, not installed plugins'
        paths += [Path(catalog.get(name).file or "") for name in catalog.names()]
        markets = sorted(known_markets().values())
        paths += markets
        for market in markets:
            folder = market.parent / market.stem.lower()
            if folder.is_dir():
                paths += sorted(folder.glob("*.yaml"))
    if not paths:
        _error("validate needs files to check (or --builtin). See 'keirules validate --help'")
        return EXIT_BAD_INPUT
    status = 0
    for path in paths:
        try:
            print(f"ok: {path}: {_validate_one(path)}")
        except KeirulesError as exc:
            _error(str(exc))
            status = EXIT_BAD_INPUT
    return status


def _validate_region(document: Any) -> str:
    """A region file, checked against the market file it sits beside (``us/CO.yaml`` beside
    ``us.yaml``), with every rule set its routes name resolved."""
    from keirules.markets import Market, find_market
    from keirules.regions import read_region
    from keirules.routing import check_market

    folder = Path(document.file).resolve().parent
    market_file = folder.parent / f"{folder.name}.yaml"
    market = find_market(market_file if market_file.is_file() else str(document.data["market"]))
    region = read_region(document, market)
    count = check_market(Market(market.code, market.title, region.routes, region.file))
    return (f"region {market.code}-{region.code}, {len(region.routes)} route(s), {count} rule "
            f"set(s) found, law checked {region.checked.isoformat()}")


def _validate_one(path: Path) -> str:
    """Validate one rule set (running its tests) or vehicle spec; say what it is."""
    from keirules.rulesets.catalog import default_catalog
    from keirules.rulesets.loader import read_header
    from keirules.rulesets.selftest import read_tests, run_tests
    from keirules.vehicle import vehicle_from_document
    from keirules.yamlload import load_document

    document = load_document(path)
    data = document.data
    if isinstance(data, dict) and "routes" in data and "region" in data:
        return _validate_region(document)
    if isinstance(data, dict) and "routes" in data and "market" in data:
        from keirules.markets import read_market
        from keirules.routing import check_market

        market = read_market(document)
        count = check_market(market)
        return f"market {market.code}, {len(market.routes)} route(s), {count} rule set(s) found"
    if not (isinstance(data, dict) and ("rules" in data or "family" in data)):
        return f"vehicle spec '{vehicle_from_document(document).name}'"
    header = read_header(document)
    ruleset = default_catalog().load_file(path)
    tests = read_tests(header)
    problems = run_tests(ruleset, tests)
    if problems:
        raise KeirulesError(f"{len(problems)} of {len(tests)} test(s) of {ruleset.name} "
                            "disagree: " + " ".join(problems))
    agree = f"{len(tests)} test(s) agree" if tests else "no tests (add 'tests:' to check it)"
    return f"rule set {header.name}, {len(ruleset.rules)} rules, {agree}"


def _features(args: argparse.Namespace) -> int:
    from keirules.features import FEATURES, feature_entries

    if args.format == "json":
        from keirules.render.jsonout import dumps

        print(dumps(feature_entries()))
        return 0
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for column in ("Feature", "Declared true when the vehicle has", "Standard"):
        table.add_column(column, overflow="fold")
    for feature in FEATURES.values():
        table.add_row(feature.name, feature.meaning, feature.standard)
    _console().print(table)
    return 0


def _routes(args: argparse.Namespace) -> int:
    from keirules.routing import market_routes, region_routes, routes

    markets: list[str] = args.market
    state = args.state.strip() if args.state else None
    if args.spec.lower().endswith((".csv", ".jsonl")):
        if len(markets) > 1 or (state or "").lower() == "all":
            raise UsageError("an inventory is checked against one market and at most one "
                             "state.", field="market", expected="--market XX [--state YY]")
        return _inventory(args, markets[0], state)
    if args.output:
        raise UsageError("--output is for inventories (.csv or .jsonl catalogs); a single "
                         "spec's routes go to standard output.", field="output")
    report: Any
    if len(markets) > 1:
        if state:
            raise UsageError("--state works with one --market: a state or province belongs to "
                             "one market.", field="state", value=state,
                             expected="one --market with --state, or several without it")
        report = market_routes(args.spec, markets, args.on, markets_dir=args.markets_dir)
    elif state is not None and state.lower() == "all":
        report = region_routes(args.spec, markets[0], args.on, markets_dir=args.markets_dir)
    else:
        report = routes(args.spec, markets[0], args.on, region=state,
                        markets_dir=args.markets_dir)
    _emit(report, args.format)
    return int(report.exit_code)


def _inventory(args: argparse.Namespace, market: str, state: str | None) -> int:
    """Routes for every vehicle of a catalog: rows streamed, then the summary."""
    from keirules import inventory

    summary, route_ids, rows = inventory.route_inventory(
        args.spec, market, args.on, region=state, markets_dir=args.markets_dir)
    fmt = args.format
    if fmt in ("markdown", "html"):
        raise UsageError(f"--format {fmt} is for one vehicle; an inventory is written as csv "
                         "or jsonl, its summary as table or json.", field="format")
    if fmt in ("csv", "jsonl"):
        write = inventory.write_csv if fmt == "csv" else None
        if args.output:
            from keirules.atomic import atomic_output

            with atomic_output(args.output, [args.spec]) as out:
                if write is not None:
                    write(route_ids, rows, out)
                else:
                    inventory.write_jsonl(rows, out)
        elif write is not None:
            write(route_ids, rows, sys.stdout)
        else:
            inventory.write_jsonl(rows, sys.stdout)
    else:
        if args.output:
            raise UsageError("--output takes the rows (--format csv or jsonl).",
                             field="output")
        shown: list[inventory.InventoryRow] = []
        for row in rows:  # every row is decided (the summary counts it); 20 are shown
            if row.best != "open" and len(shown) < 20:
                shown.append(row)
        if fmt == "json":
            from keirules.render.jsonout import dumps

            print(dumps(summary.as_dict()))
        else:
            from keirules.render.outline import outline_rich
            from keirules.render.routes_outline import inventory_outline

            _console().print(outline_rich(inventory_outline(summary, shown)))
    for problem in summary.bad_rows:
        _error(problem)
    return summary.exit_code


def _plot(args: argparse.Namespace) -> int:
    from keirules import plot

    output = Path(args.output or f"plot-{args.chart}.png")
    plot.check_output(output)
    plot.require_matplotlib()
    if args.chart == "limits":
        figure = plot.draw_limits(plot.limit_history(args.family, until=args.until))
        status = 0
    else:
        chart = plot.vehicle_chart(args.specs, args.ruleset, args.on)
        figure = plot.draw_vehicles(chart)
        status = chart.exit_code
    print(plot.save_figure(figure, output))
    return status


def _serve(args: argparse.Namespace) -> int:
    import importlib.util

    missing = [name for name in ("starlette", "uvicorn", "multipart")
               if importlib.util.find_spec(name) is None]
    if missing:
        from keirules.extras import install_hint

        raise UsageError(f"keirules serve needs the serve extra ({', '.join(missing)} missing).",
                         field="serve", expected=install_hint("serve"))
    if not 0 < args.port < 65536 or args.workers < 1:
        raise UsageError("needs a port from 1 to 65535 and at least one worker.",
                         field="port" if not 0 < args.port < 65536 else "workers")
    import uvicorn

    print(f"keirules serving on http://{args.host}:{args.port}/ (Ctrl-C stops it)",
          file=sys.stderr)
    uvicorn.run("keirules.web:app", host=args.host, port=args.port, workers=args.workers,
                log_level="warning")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from keirules.render.jsonout import dumps
    from keirules.schema import json_schema

    print(dumps(json_schema(args.kind)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
