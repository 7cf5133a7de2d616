"""The command line: parse arguments, call the library, render, map verdicts to exit codes.

Exit status (every evaluating command): 0 compliant, 1 not compliant, 2 bad input or usage
(one paragraph on stderr, no traceback), 3 undetermined (missing data). Several specs: the worst
of theirs (2, then 1, then 3, then 0).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any, Final, NoReturn, TextIO

from keirules.errors import KeirulesError, UsageError
from keirules.version import __version__

__all__ = ["main"]

EXIT_BAD_INPUT = 2
MIN_WIDTH: Final = 40
_DOCUMENT_FORMATS = ("table", "json", "markdown", "html")
_CATALOG_FORMATS = ("table", "csv", "jsonl", "json", "parquet")  # batch.command.CATALOG_FORMATS
_CI_FORMATS = ("junit", "github")
_STDIN: Final = "-"
#: the width --width asks for (None: the terminal's, $COLUMNS or 80)
_layout: dict[str, int | None] = {"width": None}


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one paragraph and exit status 2 like any bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"keirules: error: {message}. See '{self.prog} --help'.\n")


class _Help(argparse.RawDescriptionHelpFormatter):
    """Options wrapped to the terminal as usual; the epilog's examples kept line by line."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)


Commands = Any  # argparse's private _SubParsersAction


def _command(commands: Commands, name: str, summary: str, examples: Sequence[str],
             notes: str = "") -> argparse.ArgumentParser:
    """A sub-command whose help ends with its exit status notes and two or three examples."""
    import textwrap

    epilog = textwrap.fill(notes, 78) + "\n\n" if notes else ""
    epilog += "examples:\n" + "\n".join(f"  {line}" for line in examples)
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=summary[0].upper() + summary[1:] + ".",
        epilog=epilog, formatter_class=_Help)
    return parser


def _format_options(parser: argparse.ArgumentParser, formats: Sequence[str],
                    help_text: str | None = None, output: bool = True) -> None:
    """--format, --output and --width: every command that prints has all three."""
    parser.add_argument("--format", "-f", choices=formats, default=formats[0], metavar="FORMAT",
                        help=help_text or "one of " + ", ".join(formats)
                        + f" (default: {formats[0]})")
    if output:
        parser.add_argument("--output", "-o", metavar="FILE",
                            help="write to FILE instead of standard output (written whole "
                            "or not at all, never over an input)")
    parser.add_argument("--width", type=_width, metavar="N",
                        help="lay tables out for N columns (default: the terminal's width, "
                        "or $COLUMNS, or 80)")


def _width(text: str) -> int:
    try:
        width = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--width takes a whole number, not '{text}'") from None
    if not MIN_WIDTH <= width <= 1000:
        raise argparse.ArgumentTypeError(f"--width must be from {MIN_WIDTH} to 1000, not {width}")
    return width


def _ruleset_option(parser: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        parser.add_argument("--ruleset", "-r", action="append", required=True, metavar="NAME",
                            help="FAMILY, FAMILY@VERSION (any case) or a rule set file; repeat "
                            "for each rule set")
    else:
        parser.add_argument("--ruleset", "-r", default="jp-kei", metavar="NAME",
                            help="FAMILY, FAMILY@VERSION (any case) or a rule set file "
                            "(default: jp-kei)")


def _on_option(parser: argparse.ArgumentParser, manufactured: bool = True) -> None:
    parser.add_argument("--on", metavar="DATE",
                        help="evaluation date YYYY-MM-DD" + (", or 'manufactured' (each "
                        "spec's date of manufacture)" if manufactured else " for family names")
                        + " (default: today)")


def _check_parser(commands: Commands) -> None:
    check = _command(
        commands, "check", "check vehicle specs, or a CSV / JSON Lines catalog, against a rule "
        "set", ["keirules check examples/honda-n-box-jf5.yaml",
                "keirules check examples/*.yaml -r KR-GYEONGCHA --format jsonl -o reports.jsonl",
                "cat my-car.yaml | keirules check - --format github --fail-on-warning"],
        notes="Several specs give one report each: JSON as an array (one object for one spec), "
        "--format jsonl one report per line. Exit status: the worst of the vehicles' (2 bad "
        "input, else 1 not compliant, else 3 undetermined, else 0). A catalog (.csv, .jsonl) is "
        "streamed, one output row per input row.")
    check.add_argument("specs", metavar="SPEC", nargs="+",
                       help="vehicle spec file (YAML or JSON), '-' for standard input, or one "
                       "catalog (.csv or .jsonl)")
    _ruleset_option(check)
    _on_option(check)
    _format_options(check, (*_DOCUMENT_FORMATS, "jsonl", *_CI_FORMATS, "csv", "parquet"),
                    "specs: table (default), json, jsonl, markdown, html, junit or github; "
                    "a catalog: table or json (the summary), csv, jsonl or parquet")
    check.add_argument("--fail-on-warning", action="store_true",
                       help="exit 1 when a voluntary or advisory rule fails, as for a legal one")
    check.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="catalogs: worker processes (default: one per core, at most 4, "
                       "for catalogs over 16 MiB when a core is idle; 1 for none)")
    check.add_argument("--delimiter", metavar="CHAR",
                       help="CSV catalogs: the cell delimiter, e.g. ';' or tab (default: "
                       "sniffed from the header line)")


def _compare_parser(commands: Commands) -> None:
    compare = _command(
        commands, "compare", "every vehicle against every rule set, as a matrix of verdicts",
        ["keirules compare examples/*.yaml -r jp-kei -r kr-gyeongcha -r eu-l7e",
         "keirules compare my-car.yaml -r jp-kei@1990 -r jp-kei@1998 --format markdown",
         "keirules compare examples/*.yaml -r jp-kei -r us-lsv --width 120"],
        notes="A matrix too wide for the terminal is turned (rule sets down) or printed as one "
        "block per rule set. Exit status: 1 if any cell failed, else 3 if any was incomplete, "
        "else 0; 2 bad input.")
    compare.add_argument("specs", metavar="SPEC", nargs="+",
                         help="vehicle spec files (YAML or JSON), or '-' for standard input")
    _ruleset_option(compare, many=True)
    compare.add_argument("--on", metavar="DATE",
                         help="date for family names (default: today), or 'manufactured': "
                         "each vehicle on its own date of manufacture")
    _format_options(compare, _DOCUMENT_FORMATS)
    compare.add_argument("--fail-on-warning", action="store_true",
                         help="exit 1 when a voluntary or advisory rule fails in any cell")


def _timeline_parser(commands: Commands) -> None:
    timeline = _command(
        commands, "timeline", "one vehicle against every dated version of a family",
        ["keirules timeline examples/suzuki-cappuccino-ea11r.yaml",
         "keirules timeline examples/kia-morning-ta.yaml --family kr-gyeongcha --format json"],
        notes="Exit status: 0 if it qualified under some version, 1 if under none, 3 if it "
        "never passed but some version could not be decided (missing data); 2 bad input.")
    timeline.add_argument("spec", metavar="SPEC",
                          help="vehicle spec file (YAML or JSON), or '-' for standard input")
    timeline.add_argument("--family", default="jp-kei", metavar="FAMILY",
                          help="rule set family, any case (default: jp-kei)")
    _format_options(timeline, _DOCUMENT_FORMATS)


def _diff_parser(commands: Commands) -> None:
    diff = _command(
        commands, "diff", "what changed between two rule sets, rule by rule",
        ["keirules diff jp-kei@1990 jp-kei@1998",
         "keirules diff eu-l7e@2002 eu-l7e@2016 --format markdown",
         "keirules diff jp-kei my-rules.yaml --format json"],
        notes="Exit status: 0 (a difference is not a failure); 2 bad input.")
    diff.add_argument("old", metavar="OLD", help="FAMILY@VERSION, FAMILY or a rule set file")
    diff.add_argument("new", metavar="NEW", help="FAMILY@VERSION, FAMILY or a rule set file")
    _on_option(diff, manufactured=False)
    _format_options(diff, _DOCUMENT_FORMATS)


def _list_parser(commands: Commands) -> None:
    listing = _command(commands, "list", "list every rule set family and version",
                       ["keirules list", "keirules list --format json",
                        "keirules list --regions      # states and provinces, law checked when"])
    listing.add_argument("--regions", action="store_true",
                         help="list the region layers (states, provinces) instead, with the day "
                         "each one's law was last checked")
    _format_options(listing, ("table", "json", "markdown", "html"))


def _show_parser(commands: Commands) -> None:
    show = _command(commands, "show", "show a rule set's rules, sources and notes, or a "
                    "region layer (US-CO)",
                    ["keirules show jp-kei@1955", "keirules show us-lsv --format yaml",
                     "keirules show US-CO --format json"])
    show.add_argument("name", metavar="NAME",
                      help="FAMILY, FAMILY@VERSION (any case), a rule set file, or a region "
                      "MARKET-REGION such as US-CO")
    show.add_argument("--on", metavar="DATE",
                      help="for a bare family: the date (default: today)")
    _format_options(show, ("table", "json", "yaml", "markdown", "html"))


def _validate_parser(commands: Commands) -> None:
    validate = _command(
        commands, "validate", "check rule set, market and vehicle spec files, and run rule "
        "sets' tests", ["keirules validate my-car.yaml my-rules.yaml",
                        "keirules validate --builtin",
                        "keirules validate rules/*.yaml --format github"],
        notes="Exit status: 0 if every file is valid, 2 if any is not (each one's problem on "
        "standard error; with --format junit or github, in the output too).")
    validate.add_argument("files", metavar="FILE", nargs="*",
                          help="rule set, market, region or vehicle spec files to check")
    validate.add_argument("--builtin", action="store_true",
                          help="also validate every built-in rule set (running its tests) "
                          "and every built-in market")
    _format_options(validate, ("table", *_CI_FORMATS),
                    "table (default: one line per file), junit or github")


def _features_parser(commands: Commands) -> None:
    features = _command(
        commands, "features", "list the equipment names that specs and feature rules may use",
        ["keirules features", "keirules features --format json"])
    _format_options(features, ("table", "json"))


def _routes_parser(commands: Commands) -> None:
    routes = _command(
        commands, "routes", "which routes into a market (US import, low-speed vehicle...) are "
        "open", ["keirules routes examples/suzuki-cappuccino-ea11r.yaml --market us",
                 "keirules routes examples/*.yaml -m US --state all --format jsonl",
                 "keirules routes inventory.csv -m US --format csv -o routes.csv"],
        notes="A route is open (its rule sets pass), closed (a legal rule fails; 'opens on' "
        "when only age limits close it) or undetermined (inputs missing, or it rests on a "
        "draft or advisory rule set). Several specs give one report each (JSON an array, "
        "jsonl one per line). Exit status: 0 some route open, 1 every route closed, 2 bad "
        "input, 3 none open but some undetermined; for several specs, the worst.")
    routes.add_argument("specs", metavar="SPEC", nargs="+",
                        help="vehicle spec files (YAML or JSON), '-' for standard input, or one "
                        "inventory (a .csv, .jsonl or .parquet catalog)")
    routes.add_argument("--market", "-m", required=True, action="append", metavar="MARKET",
                        help="market code, any case (e.g. US), or a market file path; repeat "
                        "it to compare markets (one row per market)")
    routes.add_argument("--state", "--region", dest="state", metavar="CODE",
                        help="add a state's or province's own routes (any case, e.g. CO), or "
                        "'all' for a table of every region of the market")
    routes.add_argument("--markets-dir", action="append", default=[], metavar="DIR",
                        help="a folder of market files (MARKET.yaml), searched before the "
                        "built-in markets; may be repeated")
    _on_option(routes)
    _format_options(routes, ("table", "json", "jsonl", "markdown", "html", "csv"),
                    "specs: table (default), json, jsonl, markdown or html; an inventory: "
                    "table or json (the summary), csv or jsonl (one row per vehicle)")


def _serve_parser(commands: Commands) -> None:
    serve = _command(
        commands, "serve", "run the web service: a JSON API under /v1 and a page at / (needs "
        "the serve extra)", ["keirules serve",
                             "keirules serve --host 0.0.0.0 --port 8080 --workers 2"],
        notes="The app is keirules.web:app, so any ASGI server can run it too (e.g. uvicorn "
        "keirules.web:app --workers 4).")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default "
                       "127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes (default 1; one per core serves most)")


def _plot_parser(commands: Commands) -> None:
    plot = _command(
        commands, "plot", "draw a chart as PNG or SVG (needs matplotlib: the plot extra)",
        ["keirules plot limits --family jp-kei -o limits.svg",
         "keirules plot vehicles examples/*.yaml -r jp-kei -r kr-gyeongcha -o boxes.png"],
        notes="The chart is written to --output (.png or .svg; default plot-CHART.png in the "
        "current folder) and its path printed. 'plot vehicles' exits like compare: 0, 1 if a "
        "vehicle failed, 3 if one was incomplete; 2 for bad input or a missing matplotlib.")
    charts = plot.add_subparsers(dest="chart", metavar="CHART", parser_class=_Parser)
    charts.required = True
    limits = _command(charts, "limits", "a family's limits over time, one panel per field",
                      ["keirules plot limits", "keirules plot limits --family eu-l7e "
                       "--until 2030-01-01 -o eu.svg"])
    limits.add_argument("--family", default="jp-kei", metavar="FAMILY",
                        help="rule set family, any case (default: jp-kei)")
    limits.add_argument("--until", metavar="DATE",
                        help="end of the time axis, YYYY-MM-DD (default: today)")
    limits.add_argument("--output", "-o", metavar="FILE", help="FILE.png or FILE.svg")
    vehicles = _command(charts, "vehicles", "vehicles' length against width, with rule set "
                        "boxes", ["keirules plot vehicles examples/*.yaml -r jp-kei",
                                  "keirules plot vehicles a.yaml b.yaml -r jp-kei@1990 "
                                  "-r jp-kei@1998 -o boxes.svg"])
    vehicles.add_argument("specs", metavar="SPEC", nargs="+", help="vehicle spec files")
    _ruleset_option(vehicles, many=True)
    _on_option(vehicles, manufactured=False)
    vehicles.add_argument("--output", "-o", metavar="FILE", help="FILE.png or FILE.svg")


def _schema_parser(commands: Commands) -> None:
    schema = _command(commands, "schema", "print a JSON Schema for editors and programs",
                      ["keirules schema vehicle > vehicle.schema.json",
                       "keirules schema report -o report.schema.json"])
    schema.add_argument("kind", choices=("vehicle", "ruleset", "report"), metavar="KIND",
                        help="vehicle (a spec file), ruleset (a rule set file) or report "
                        "(check's JSON)")
    schema.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE instead of standard output (written whole or not "
                        "at all)")


def _completion_parser(commands: Commands) -> None:
    completion = _command(
        commands, "completion", "print a shell completion script (bash, zsh or fish)",
        ["source <(keirules completion bash)          # bash, this shell",
         "keirules completion zsh > ~/.zfunc/_keirules   # zsh, with ~/.zfunc in $fpath",
         "keirules completion fish > ~/.config/fish/completions/keirules.fish"],
        notes="The script completes commands, options, formats, rule set names, markets and "
        "states as this installation knows them; print it again after adding rule sets.")
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), metavar="SHELL",
                            help="bash, zsh or fish")
    completion.add_argument("--output", "-o", metavar="FILE",
                            help="write to FILE instead of standard output")


def _manual_parser(commands: Commands) -> None:
    manual = _command(
        commands, "manual", "print the manual page, keirules(1), in roff",
        ["keirules manual | man -l -",
         "keirules manual > ~/.local/share/man/man1/keirules.1   # then: man keirules"])
    manual.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE instead of standard output")


_PARSERS: Final = (_check_parser, _compare_parser, _timeline_parser, _diff_parser, _list_parser,
                   _show_parser, _validate_parser, _features_parser, _routes_parser,
                   _serve_parser, _plot_parser, _schema_parser, _completion_parser,
                   _manual_parser)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="keirules",
        description="Check vehicles against kei-car and other small-vehicle regulations.",
        epilog="Exit status: 0 compliant, 1 not compliant, 2 bad input, 3 undetermined.\n\n"
        "examples:\n  keirules check examples/honda-n-box-jf5.yaml\n"
        "  keirules compare examples/*.yaml -r jp-kei -r kr-gyeongcha\n"
        "  keirules check --help", formatter_class=_Help)
    parser.add_argument("--version", action="version", version=f"keirules {__version__}",
                        help="print keirules's version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for add in _PARSERS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    args = _parser().parse_args(argv)
    _layout["width"] = getattr(args, "width", None)
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
        "completion": _completion,
        "manual": _manual,
    }
    try:
        with _destination(args), _columns(_layout["width"]):
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


@contextmanager
def _columns(width: int | None) -> Iterator[None]:
    """With --width, every console (the catalog summary's too) lays out for that width."""
    if width is None:
        yield
        return
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


@contextmanager
def _destination(args: argparse.Namespace) -> Iterator[None]:
    """With --output FILE, standard output goes to a temporary file in FILE's folder, renamed
    to FILE once the command is done (an error leaves no half-written file); never an input."""
    output = getattr(args, "output", None)
    if not output or output == _STDIN or args.command == "plot" or _catalog_check(args):
        yield  # a catalog check writes its output itself (the same way, binary for Parquet)
        return
    from keirules.atomic import atomic_output

    with atomic_output(output, _inputs(args)) as handle, redirect_stdout(handle):
        yield
        sys.stdout.flush()


def _catalog_check(args: argparse.Namespace) -> bool:
    from keirules.batch import catalog_kind

    specs = getattr(args, "specs", None) or []
    return args.command == "check" and len(specs) == 1 and bool(catalog_kind(specs[0]))


def _inputs(args: argparse.Namespace) -> list[str]:
    """Every argument that names an existing file: what --output must never overwrite."""
    found: list[str] = []
    for key, value in vars(args).items():
        if key == "output":
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item != _STDIN and os.path.exists(item):
                found.append(item)
    return found


def _error(message: str) -> None:
    print(f"keirules: error: {message}", file=sys.stderr)


def _quiet_broken_pipe() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _console(stream: TextIO | None = None) -> Any:
    from rich.console import Console

    return Console(file=stream, highlight=False, soft_wrap=False, width=_layout["width"])


def _emit(document: Any, fmt: str) -> None:
    """Print a report, matrix, timeline or diff in the chosen format."""
    if fmt == "json":
        from keirules.render.jsonout import dumps, to_json

        print(dumps(to_json(document)))
    elif fmt == "jsonl":
        import json

        from keirules.serialize import to_json

        print(json.dumps(to_json(document), ensure_ascii=False))
    elif fmt == "markdown":
        from keirules.render.markdown import render_markdown

        print(render_markdown(document), end="")
    elif fmt == "html":
        from keirules.render.html import render_html

        print(render_html(document), end="")
    else:
        from keirules.render.terminal import rich_renderable

        _console().print(rich_renderable(document))


def _emit_many(documents: Sequence[Any], fmt: str) -> None:
    """Several reports: JSON an array, JSON Lines one per line, a table, Markdown or HTML one
    after another (HTML as one page)."""
    if len(documents) == 1 or fmt == "jsonl":
        for document in documents:
            _emit(document, fmt)
    elif fmt == "json":
        from keirules.render.jsonout import dumps, to_json

        print(dumps([to_json(document) for document in documents]))
    elif fmt == "html":
        from keirules.render.html import html_sections, page

        body: list[str] = []
        for document in documents:
            body += html_sections(document)[1]
        print(page(f"{len(documents)} reports", body), end="")
    else:
        for index, document in enumerate(documents):
            if index:
                print("\n---\n" if fmt == "markdown" else "")
            _emit(document, fmt)


def _read_spec(spec: str) -> Any:
    """A spec argument as the library takes it: a path, or for '-' the vehicle read from
    standard input (YAML, or JSON when it starts with '{')."""
    if spec != _STDIN:
        return spec
    from keirules.vehicle import vehicle_from_document
    from keirules.yamlload import MAX_BYTES, load_text

    text = sys.stdin.read(MAX_BYTES + 1)
    document = load_text(text, file="<stdin>", json_syntax=text.lstrip().startswith("{"))
    return vehicle_from_document(document)


def _specs(specs: Sequence[str]) -> list[str]:
    if list(specs).count(_STDIN) > 1:
        raise UsageError("standard input ('-') can be read only once.", field="SPEC",
                         expected="'-' at most once among the specs")
    return list(specs)


def _each(specs: Sequence[str], evaluate: Callable[[Any], Any]
          ) -> tuple[list[Any], list[tuple[str, KeirulesError]], int]:
    """Evaluate every spec; a bad one is reported on stderr and costs only itself. Returns the
    documents, the problems (spec, error) and the exit status, the worst of them."""
    documents: list[Any] = []
    problems: list[tuple[str, KeirulesError]] = []
    for spec in _specs(specs):
        try:
            documents.append(evaluate(_read_spec(spec)))
        except KeirulesError as exc:
            if len(specs) == 1:
                raise
            _error(str(exc))
            problems.append((spec, exc))
    codes = [int(document.exit_code) for document in documents]
    return documents, problems, EXIT_BAD_INPUT if problems else worst(codes)


def worst(codes: Sequence[int]) -> int:
    """The exit status of several results: 2, else 1, else 3, else 0."""
    for code in (EXIT_BAD_INPUT, 1, 3):
        if code in codes:
            return code
    return 0


def _check(args: argparse.Namespace) -> int:
    from keirules.batch import catalog_kind

    specs: list[str] = args.specs
    if any(spec != _STDIN and catalog_kind(spec) for spec in specs):
        if len(specs) > 1:
            raise UsageError("a catalog is checked on its own; give one catalog, or spec "
                             "files.", field="SPEC", expected="one .csv or .jsonl catalog, "
                             "or any number of YAML or JSON specs")
        if args.fail_on_warning:
            raise UsageError("--fail-on-warning is for spec files; a catalog's rows carry their "
                             "warnings in the 'warnings' column.",
                             expected="spec files, or the catalog without --fail-on-warning")
        from keirules.commands.catalog import run_catalog

        return run_catalog(specs[0], args.ruleset, args.on, args.format, args.output,
                           args.jobs, args.delimiter)
    if args.format in ("csv", "parquet") or args.jobs is not None or args.delimiter is not None:
        option = ("--jobs" if args.jobs is not None else "--delimiter"
                  if args.delimiter is not None else f"--format {args.format}")
        raise UsageError(f"{option} is for catalogs (.csv or .jsonl files); specs are "
                         "printed as table, json, jsonl, markdown, html, junit or github.",
                         value=specs[0], expected="another --format, without --jobs")
    from keirules.api import check

    reports, problems, status = _each(specs, lambda spec: check(spec, args.ruleset, args.on))
    if args.format in _CI_FORMATS:
        from keirules.render import ci

        render = ci.check_junit if args.format == "junit" else ci.check_github
        print(render(reports, args.fail_on_warning, problems), end="")
    elif reports:
        _emit_many(reports, args.format)
    if args.fail_on_warning and status == 0 and any(r.warnings for r in reports):
        return 1
    return status


def _compare(args: argparse.Namespace) -> int:
    from keirules.analysis import compare

    matrix = compare([_read_spec(spec) for spec in _specs(args.specs)], args.ruleset, args.on)
    _emit(matrix, args.format)
    if args.fail_on_warning and matrix.exit_code == 0 and any(
            matrix.cell(i, j).warnings for i in range(len(matrix.vehicles))
            for j in range(len(matrix.rulesets))):
        return 1
    return int(matrix.exit_code)


def _timeline(args: argparse.Namespace) -> int:
    from keirules.analysis import timeline

    result = timeline(_read_spec(args.spec), args.family)
    _emit(result, args.format)
    return int(result.exit_code)


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
        from keirules.render.registry_outline import rulesets_outline

        _print_outline(rulesets_outline(rulesets, providers), args.format,
                       "keirules rule sets")
    for problem in catalog.problems:  # a broken plugin never hides the working rule sets
        print(f"keirules: warning: {problem}", file=sys.stderr)
    return 0


_PEOPLE_FORMATS: Final = ("table", "markdown", "html")


def _print_outline(outline: Any, fmt: str, title: str) -> None:
    """An outline for people: the terminal's table, Markdown, or a whole HTML page."""
    if fmt == "markdown":
        from keirules.render.outline import outline_markdown

        print(outline_markdown(outline), end="")
    elif fmt == "html":
        from keirules.render.outline import outline_html

        print(outline_html(title, outline), end="")
    else:
        from keirules.render.rich_outline import outline_rich

        _console().print(outline_rich(outline))


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
        from keirules.serialize import region_entry_json

        print(dumps([region_entry_json(r) for r in found]))
        return 0
    from keirules.render.routes_outline import regions_list_outline

    _print_outline(regions_list_outline(found), fmt, "keirules regions")
    return 0


def _show(args: argparse.Namespace) -> int:
    from keirules.api import load_ruleset, resolve_on

    region = _region_named(args.name)
    if region is not None:
        if args.format in _PEOPLE_FORMATS:
            from keirules.render.routes_outline import region_outline

            _print_outline(region_outline(region), args.format,
                           f"{region.title} ({region.market}-{region.code})")
        else:
            from keirules.render.jsonout import dumps
            from keirules.serialize import region_json

            print(dumps(region_json(region)))
        return 0

    ruleset = load_ruleset(args.name, resolve_on(args.on))
    if args.format in _PEOPLE_FORMATS:
        from keirules.render.registry_outline import ruleset_outline

        _print_outline(ruleset_outline(ruleset), args.format, f"{ruleset.name}: {ruleset.title}")
        return 0
    from keirules.render.jsonout import dumps, ruleset_dict

    data = ruleset_dict(ruleset)
    if args.format == "json":
        print(dumps(data))
    else:
        import yaml

        print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), end="")
    return 0


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
    outcomes: list[tuple[str, str | KeirulesError]] = []
    for path in paths:
        try:
            outcome: str | KeirulesError = _validate_one(path)
        except KeirulesError as exc:
            _error(str(exc))
            outcome, status = exc, EXIT_BAD_INPUT
        outcomes.append((str(path), outcome))
        if args.format == "table" and isinstance(outcome, str):
            print(f"ok: {path}: {outcome}")
    if args.format in _CI_FORMATS:
        from keirules.render import ci

        print(ci.validate_junit(outcomes) if args.format == "junit"
              else ci.validate_github(outcomes), end="")
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
    from keirules.render.registry_outline import features_outline
    from keirules.render.rich_outline import outline_rich

    _console().print(outline_rich(features_outline(FEATURES.values())))
    return 0


def _routes(args: argparse.Namespace) -> int:
    from keirules.routing import market_routes, region_routes, routes

    markets: list[str] = args.market
    state = args.state.strip() if args.state else None
    specs: list[str] = args.specs
    if any(spec.lower().endswith((".csv", ".jsonl", ".parquet")) for spec in specs):
        if len(specs) > 1:
            raise UsageError("an inventory is checked on its own; give one catalog, or spec "
                             "files.", field="SPEC", expected="one .csv, .jsonl or .parquet "
                             "catalog, "
                             "or any number of YAML or JSON specs")
        if len(markets) > 1 or (state or "").lower() == "all":
            raise UsageError("an inventory is checked against one market and at most one "
                             "state.", field="market", expected="--market XX [--state YY]")
        return _inventory(args, specs[0], markets[0], state)
    if args.format == "csv":
        raise UsageError("--format csv is for inventories (.csv, .jsonl or .parquet "
                         "catalogs).",
                         field="format", value="csv",
                         expected="table, json, jsonl, markdown or html for spec files")
    if len(markets) > 1 and state:
        raise UsageError("--state works with one --market: a state or province belongs to "
                         "one market.", field="state", value=state,
                         expected="one --market with --state, or several without it")

    def evaluate(spec: Any) -> Any:
        if len(markets) > 1:
            return market_routes(spec, markets, args.on, markets_dir=args.markets_dir)
        if state is not None and state.lower() == "all":
            return region_routes(spec, markets[0], args.on, markets_dir=args.markets_dir)
        return routes(spec, markets[0], args.on, region=state, markets_dir=args.markets_dir)

    reports, _, status = _each(specs, evaluate)
    if reports:
        _emit_many(reports, args.format)
    return status


def _inventory(args: argparse.Namespace, spec: str, market: str, state: str | None) -> int:
    """Routes for every vehicle of a catalog: rows streamed, then the summary."""
    from keirules import inventory

    summary, route_ids, rows = inventory.route_inventory(
        spec, market, args.on, region=state, markets_dir=args.markets_dir)
    fmt = args.format
    if fmt in ("markdown", "html"):
        raise UsageError(f"--format {fmt} is for one vehicle; an inventory is written as csv "
                         "or jsonl, its summary as table or json.", field="format")
    if fmt == "csv":
        inventory.write_csv(route_ids, rows, sys.stdout)
    elif fmt == "jsonl":
        inventory.write_jsonl(rows, sys.stdout)
    else:
        shown: list[inventory.InventoryRow] = []
        for row in rows:  # every row is decided (the summary counts it); 20 are shown
            if row.best != "open" and len(shown) < 20:
                shown.append(row)
        if fmt == "json":
            from keirules.render.jsonout import dumps, to_json

            print(dumps(to_json(summary)))
        else:
            from keirules.render.rich_outline import outline_rich
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
    from keirules.web.serve import serve

    def started() -> None:
        print(f"keirules serving on http://{args.host}:{args.port}/ (Ctrl-C stops it)",
              file=sys.stderr)

    try:
        serve(args.host, args.port, args.workers, started=started)
    except OSError as exc:  # the port is taken, the address is not this machine's...
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}.",
                         field="port") from None
    return 0


def _schema(args: argparse.Namespace) -> int:
    from keirules.render.jsonout import dumps
    from keirules.schema import json_schema

    print(dumps(json_schema(args.kind)))
    return 0


def _completion(args: argparse.Namespace) -> int:
    from keirules.completion import completion_script

    print(completion_script(args.shell, _parser()), end="")
    return 0


def _manual(args: argparse.Namespace) -> int:
    from keirules.completion import manual_page

    print(manual_page(_parser(), __version__), end="")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
