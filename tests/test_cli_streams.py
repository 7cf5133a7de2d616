"""Many specs, standard input, --output for every command, CI formats, completion, help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES

N_BOX = str(EXAMPLES / "honda-n-box-jf5.yaml")
TWIZY = str(EXAMPLES / "renault-twizy-80.yaml")
SMART = str(EXAMPLES / "smart-fortwo-w450.yaml")


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "keirules", *args], capture_output=True,
                          text=True, timeout=120, input=stdin, cwd=cwd, check=False,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})})


def test_check_many_specs_json_is_an_array_one_is_an_object() -> None:
    many = run("check", N_BOX, SMART, "--format", "json", "--on", "2026-01-01")
    assert many.returncode == 1, many.stderr  # the worst: the smart fails jp-kei@1998
    data = json.loads(many.stdout)
    assert [r["vehicle"]["source"] for r in data] == [N_BOX, SMART]
    one = json.loads(run("check", N_BOX, "--format", "json").stdout)
    assert isinstance(one, dict) and one["report_version"] == 1


def test_check_jsonl_is_one_report_a_line() -> None:
    result = run("check", N_BOX, SMART, N_BOX, "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["verdict"] for line in lines] == ["pass", "fail", "pass"]


def test_a_bad_spec_costs_only_itself(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nwheels: '4'\n", encoding="utf-8")
    result = run("check", N_BOX, str(bad), "--format", "jsonl")
    assert result.returncode == 2
    assert len(result.stdout.splitlines()) == 1
    assert "bad.yaml, line 2, field 'wheels'" in result.stderr


def test_standard_input() -> None:
    text = Path(N_BOX).read_text(encoding="utf-8")
    result = run("check", "-", "--format", "json", stdin=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["vehicle"]["source"] == "<stdin>"
    routes = run("routes", "-", "--market", "us", "--format", "json", stdin=text)
    assert json.loads(routes.stdout)["market"] == "US"
    twice = run("check", "-", "-", stdin=text)
    assert twice.returncode == 2 and "only once" in twice.stderr


def test_routes_many_specs() -> None:
    result = run("routes", N_BOX, SMART, "--market", "US", "--format", "json")
    data = json.loads(result.stdout)
    assert [d["market"] for d in data] == ["US", "US"]


@pytest.mark.parametrize("args", [
    ("check", N_BOX), ("check", N_BOX, "-f", "markdown"), ("check", N_BOX, "-f", "html"),
    ("check", N_BOX, SMART, "-f", "junit"), ("compare", N_BOX, "-r", "jp-kei"),
    ("diff", "jp-kei@1990", "jp-kei@1998", "-f", "json"), ("list",), ("show", "jp-kei"),
    ("timeline", N_BOX), ("features",), ("routes", N_BOX, "-m", "us"),
    ("schema", "vehicle"), ("completion", "bash"), ("validate", N_BOX),
])
def test_output_file_for_every_command(tmp_path: Path, args: tuple[str, ...]) -> None:
    target = tmp_path / "out.txt"
    result = run(*args, "--output", str(target))
    assert result.returncode in (0, 1, 3), result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").strip()
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


def test_output_never_over_an_input(tmp_path: Path) -> None:
    spec = tmp_path / "car.yaml"
    spec.write_text(Path(N_BOX).read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", str(spec), "--output", str(spec))
    assert result.returncode == 2 and "is one of the inputs" in result.stderr
    assert spec.read_text(encoding="utf-8") == Path(N_BOX).read_text(encoding="utf-8")


def test_output_left_alone_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("earlier", encoding="utf-8")
    result = run("check", str(tmp_path / "missing.yaml"), "-o", str(target))
    assert result.returncode == 2
    assert target.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_junit_names_failures_and_lines() -> None:
    result = run("check", SMART, N_BOX, "--format", "junit", "--on", "2026-01-01")
    assert result.returncode == 1
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites" and root.get("failures") == "1"
    failure = root.find(".//testcase[@name='width']/failure")
    assert failure is not None and "1.515 m" in (failure.get("message") or "")
    case = root.find(".//testcase[@name='width']")
    assert case is not None and case.get("file") == SMART
    width_line = next(i for i, line in enumerate(Path(SMART).read_text().splitlines(), 1)
                      if line.startswith("width:"))
    assert case.get("line") == str(width_line)


def test_github_annotations_and_fail_on_warning() -> None:
    result = run("check", TWIZY, "-r", "eu-l7e-c", "--format", "github")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning")]
    assert warnings and f"file={TWIZY}" in warnings[0] and ",line=" in warnings[0]
    assert result.stdout.splitlines()[-1].startswith("::notice ")
    strict = run("check", TWIZY, "-r", "eu-l7e-c", "--format", "github", "--fail-on-warning")
    assert strict.returncode == 1
    assert strict.stdout.startswith("::error ")
    table = run("check", TWIZY, "-r", "eu-l7e-c", "--fail-on-warning")
    assert table.returncode == 1


def test_validate_ci_formats(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nlength: 40 cu in\n", encoding="utf-8")
    github = run("validate", N_BOX, str(bad), "--format", "github")
    assert github.returncode == 2
    assert f"::error file={bad},line=2," in github.stdout
    junit = ET.fromstring(run("validate", N_BOX, str(bad), "--format", "junit").stdout)
    assert junit.get("tests") == "2" and junit.get("failures") == "1"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str) -> None:
    result = run("completion", shell)
    assert result.returncode == 0, result.stderr
    fish = shell == "fish"
    for word in ("check", "-l ruleset" if fish else "--ruleset", "jp-kei@1998", "kr-gyeongcha",
                 "US", "markdown", "-l fail-on-warning" if fish else "--fail-on-warning",
                 "limits"):
        assert word in result.stdout, word


def test_bash_completion_runs() -> None:
    script = run("completion", "bash").stdout
    probe = script + (
        '\nCOMP_WORDS=(keirules check x.yaml -r jp-k); COMP_CWORD=4; _keirules; '
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        'COMP_WORDS=(keirules routes x.yaml -m); COMP_CWORD=4; COMP_WORDS+=(""); COMP_CWORD=4; '
        '_keirules; printf "%s\\n" "${COMPREPLY[@]}"\n')
    result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30,
                            check=False)
    assert "jp-kei@1998" in result.stdout.split(), result.stdout + result.stderr
    assert "US" in result.stdout.split()


def test_every_help_ends_with_examples_and_every_argument_is_explained() -> None:
    from keirules.cli import _parser

    parser = _parser()
    action = next(a for a in parser._actions if a.dest == "command")
    assert action.choices is not None
    subs: dict[str, object] = dict(action.choices)
    for name, sub in list(subs.items()):
        nested = next((a for a in sub._actions if a.dest == "chart"), None)  # type: ignore[attr-defined]
        if nested is not None:
            subs.update({f"{name} {k}": v for k, v in nested.choices.items()})
    for name, sub in subs.items():
        text = sub.format_help()  # type: ignore[attr-defined]
        tail = text.rstrip().split("examples:\n", 1)
        assert len(tail) == 2, name
        examples = [line for line in tail[1].splitlines() if line.strip()]
        assert 2 <= len(examples) <= 3, (name, examples)
        for argument in sub._actions:  # type: ignore[attr-defined]
            if argument.dest not in ("help", "chart"):
                assert argument.help, (name, argument.dest)


def test_version() -> None:
    import keirules

    result = run("--version")
    assert result.stdout.strip() == f"keirules {keirules.__version__}"


@pytest.mark.parametrize(("args", "needle"), [
    (("check", N_BOX, "-r", "JP-KEI"), "jp-kei@1998"),
    (("check", N_BOX, "-r", "Jp-Kei@1990"), "jp-kei@1990"),
    (("timeline", N_BOX, "--family", "JP-KEI"), "jp-kei@1949"),
    (("show", "EU-L7E"), "eu-l7e@2016"),
    (("routes", N_BOX, "-m", "us", "--state", "mt"), "Montana (MT)"),
])
def test_names_in_any_case(args: tuple[str, ...], needle: str) -> None:
    result = run(*args)
    assert result.returncode != 2, result.stderr
    assert needle in result.stdout


@pytest.mark.parametrize(("args", "hint"), [
    (("check", N_BOX, "-r", "JP-KIE"), "Did you mean 'jp-kei'?"),
    (("routes", N_BOX, "-m", "uss"), "Did you mean 'US'?"),
    (("routes", N_BOX, "-m", "us", "--state", "mtt"), "Did you mean 'MT'?"),
])
def test_a_near_miss_gets_a_suggestion(args: tuple[str, ...], hint: str) -> None:
    result = run(*args)
    assert result.returncode == 2 and hint in result.stderr, result.stderr


ALL = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
FIVE = ("-r", "jp-kei", "-r", "kr-gyeongcha", "-r", "eu-l7e", "-r", "eu-l6e", "-r", "us-lsv")


def _fits(text: str, width: int, words: set[str]) -> None:
    assert "…" not in text, "nothing is cut"
    assert "\x1b[" not in text, "NO_COLOR: no escape codes"
    for line in text.splitlines():
        assert len(line.rstrip()) <= width, line
    tokens = set(text.replace(",", " ").replace(":", " ").split())
    missing = {word for word in words if word not in tokens}
    assert not missing, f"cut or folded: {sorted(missing)}"


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("how", ["option", "columns"])
def test_compare_fits_the_width(width: int, how: str) -> None:
    sizing = ("--width", str(width)) if how == "option" else ()
    env = {"COLUMNS": str(width)} if how == "columns" else {"COLUMNS": "200"}
    result = run("compare", *ALL, *FIVE, *sizing, env=env)
    data = json.loads(run("compare", *ALL, *FIVE, "--format", "json").stdout)
    words = {rs["name"] for rs in data["rulesets"]}
    words |= {rule for cell in data["cells"] for rule in cell["failed"]}
    words |= {cell["verdict"].upper() if cell["verdict"] == "fail" else cell["verdict"]
              for cell in data["cells"]}
    _fits(result.stdout, width, words)


@pytest.mark.parametrize("width", [80, 120])
def test_every_table_fits_the_width(width: int) -> None:
    for args in (("diff", "jp-kei@1990", "jp-kei@1998"), ("diff", "eu-l7e@2002", "eu-l7e@2016"),
                 ("list",), ("show", "us-lsv"), ("features",),
                 ("timeline", str(EXAMPLES / "kia-morning-ta.yaml")),
                 ("routes", str(EXAMPLES / "suzuki-carry-da16t.yaml"), "-m", "us"),
                 ("routes", str(EXAMPLES / "suzuki-carry-da16t.yaml"), "-m", "us", "--state",
                  "wy")):
        result = run(*args, "--width", str(width))
        assert result.returncode != 2, result.stderr
        _fits(result.stdout, width, set())


@pytest.mark.parametrize("width", [80, 120])
def test_every_report_fits_the_width(width: int, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import run_cli

    import keirules

    monkeypatch.setenv("NO_COLOR", "1")
    for spec in ALL:
        for ruleset in ("jp-kei", "eu-l7e", "us-lsv"):
            code, out, err = run_cli(capsys, "check", spec, "-r", ruleset, "--width", str(width))
            assert code != 2, err
            report = keirules.check(spec, ruleset)
            words = {r.rule.id for r in report.results} | {report.ruleset.name}
            _fits(out, width, words)


@pytest.mark.parametrize(("name", "text", "needles"), [
    ("a.yaml", "name: X\ndisplacement: 40 cu in\n",
     ("writes the unit 'cu_in' as several words; write '40 cu_in'",)),
    ("b.yaml", "name: X\nwheels: \"4\"\n",
     ("is text (the number is in quotes)", "the number without quotes, e.g. 4 rather than \"4\"")),
    ("c.toml", "name = \"X\"\nwheels = 4\n", ("found TOML",)),
])
def test_messages_say_what_to_write(tmp_path: Path, name: str, text: str,
                                    needles: tuple[str, ...]) -> None:
    spec = tmp_path / name
    spec.write_text(text, encoding="utf-8")
    result = run("check", str(spec))
    assert result.returncode == 2
    for needle in needles:
        assert needle in result.stderr


def test_one_rule_for_digits_in_every_format(tmp_path: Path) -> None:
    spec = tmp_path / "hp.yaml"
    spec.write_text("name: X\nmax_power: 63 hp\n", encoding="utf-8")
    for fmt in ("table", "markdown", "html"):
        out = run("check", str(spec), "-f", fmt).stdout
        assert "≈63.874 PS" in out and "≈+0.126 PS" in out, fmt
        assert "63.8737" not in out
    eu = run("check", str(spec), "-r", "eu-l6e", "-f", "markdown").stdout
    assert "≈46.979 kW" in eu
    report = json.loads(run("check", str(spec), "-f", "json").stdout)
    power = next(r for r in report["results"] if r["rule"] == "power-agreement")
    assert power["measured"]["value"].startswith("63.8737889")  # JSON stays exact


def test_install_hints_follow_the_installation(monkeypatch: pytest.MonkeyPatch) -> None:
    from keirules import extras

    monkeypatch.setattr(extras, "_installed_from", lambda: "/src/keirules")
    assert extras.install_hint("plot") == "pip install '/src/keirules[plot]'"
    monkeypatch.setattr(extras, "_installed_from", lambda: None)
    assert extras.install_hint("plot") == "pip install 'keirules[plot]'"
    from keirules.plot.figure import INSTALL_HINT

    assert INSTALL_HINT.startswith("pip install '") and INSTALL_HINT.endswith("[plot]'")


def test_manual_page_has_every_command_and_option() -> None:
    from keirules.cli import _parser

    result = run("manual")
    assert result.returncode == 0, result.stderr
    page = result.stdout
    assert page.startswith(".TH KEIRULES 1 ")
    action = next(a for a in _parser()._actions if a.dest == "command")
    assert action.choices is not None
    for name, sub in action.choices.items():
        assert f'.SS "keirules {name}"' in page, name
        for option in sub._actions:
            for flag in option.option_strings:
                if flag not in ("-h", "--help"):
                    assert "\\fB" + flag.replace("-", "\\-") + "\\fR" in page, (name, flag)
    assert "keirules manual | man \\-l \\-" in page
    shown = subprocess.run(["man", "-l", "-"], input=page, capture_output=True, text=True,
                           timeout=60, check=False, env={**os.environ, "MANWIDTH": "80"})
    if shown.returncode == 0:  # where man is installed, it renders without warnings
        assert "keirules check" in shown.stdout and "warning" not in shown.stderr


def test_fail_on_warning_is_refused_for_a_catalog() -> None:
    result = run("check", str(EXAMPLES / "catalog.csv"), "--fail-on-warning")
    assert result.returncode == 2 and "--fail-on-warning is for spec files" in result.stderr


def test_a_matrix_too_wide_changes_shape() -> None:
    wide = run("compare", *ALL, *FIVE, "--on", "2026-06-01", "--width", "120").stdout
    assert wide.splitlines()[1].split()[:2] == ["Vehicle", "jp-kei@1998"]  # as it was
    names = [rs["name"] for rs in json.loads(run(
        "compare", *ALL, *FIVE, "--on", "2026-06-01", "--format", "json").stdout)["rulesets"]]
    stacked = run("compare", *ALL, *FIVE, "--on", "2026-06-01", "--width", "80").stdout
    heads = [line.strip() for line in stacked.splitlines() if line.strip() in names]
    assert heads == names  # one block per rule set, each headed by its name
    turned = run("compare", str(EXAMPLES / "gem-e2.yaml"), *FIVE, "--width", "80").stdout
    assert turned.splitlines()[1].split()[:3] == ["Rule", "set", "GEM"]  # rule sets down
