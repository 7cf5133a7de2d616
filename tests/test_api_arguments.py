"""Bad arguments to any public function raise a KeirulesError, never a foreign exception."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import keirules
from keirules.errors import KeirulesError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CAR = {"name": "Car", "length": "3.3 m", "manufactured": "1995-05"}

# Values of every kind a caller might pass by mistake.
junk = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
    st.text(max_size=20), st.binary(max_size=10),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31)),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=5), st.one_of(st.none(), st.integers(),
                                                   st.text(max_size=5)), max_size=3),
    st.just(object()), st.just(Path("/nonexistent/x.yaml")), st.just("jp-kei"),
    st.just("manufactured"), st.just(["jp-kei"]), st.just(CAR),
)


def _report() -> keirules.Report:
    return keirules.check(CAR, "jp-kei@1998", "2020-01-01")


# function -> valid arguments; each position is replaced in turn by junk
CALLS: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {
    "check": (keirules.check, (CAR, "jp-kei", "2020-01-01")),
    "load_ruleset": (keirules.load_ruleset, ("jp-kei", dt.date(2020, 1, 1))),
    "resolve_on": (keirules.resolve_on, ("2020-01-01",)),
    "to_vehicle": (keirules.to_vehicle, (CAR,)),
    "evaluate": (keirules.evaluate, (keirules.to_vehicle(CAR),
                                     keirules.load_ruleset("jp-kei@1998"),
                                     dt.date(2020, 1, 1))),
    "load_vehicle": (keirules.load_vehicle, (EXAMPLES / "honda-beat-pp1.yaml",)),
    "vehicle_from_mapping": (keirules.vehicle_from_mapping, (CAR,)),
    "parse_quantity": (keirules.parse_quantity, ("3.3 m",)),
    "compare": (keirules.compare, ([CAR], ["jp-kei"], "2020-01-01")),
    "timeline": (keirules.timeline, (CAR, "jp-kei")),
    "diff": (keirules.diff, ("jp-kei@1990", "jp-kei@1998", "2020-01-01")),
    "routes": (keirules.routes, (CAR, "US", "2020-01-01")),
    "route": (lambda rid: keirules.routes(CAR, "US", "2020-01-01").route(rid),
              ("import-25-year",)),
    "rule": (lambda rid: keirules.load_ruleset("jp-kei@1998").rule(rid), ("length",)),
    "check_catalog": (lambda rows, rs, on: list(keirules.check_catalog(rows, rs, on)),
                      ([CAR], "jp-kei", "2020-01-01")),
    "check_rows": (lambda h, rows, rs, on: list(keirules.check_rows(h, rows, rs, on)),
                   (["name", "length [m]"], [["a", "3.3"]], "jp-kei", "2020-01-01")),
    "render_markdown": (keirules.render_markdown, (_report(),)),
    "render_html": (keirules.render_html, (_report(),)),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_valid_arguments_work(name: str) -> None:
    function, args = CALLS[name]
    function(*args)


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bad_arguments_raise_only_keirules_errors(name: str, data: st.DataObject) -> None:
    function, args = CALLS[name]
    position = data.draw(st.integers(0, len(args) - 1))
    bad = list(args)
    bad[position] = data.draw(junk)
    with contextlib.suppress(KeirulesError):
        function(*bad)


@pytest.mark.parametrize(("call", "kind"), [
    (lambda: keirules.check(CAR, None), "UsageError"),  # type: ignore[arg-type]
    (lambda: keirules.check(CAR, 5), "UsageError"),  # type: ignore[arg-type]
    (lambda: keirules.timeline(CAR, ["jp-kei"]), "UsageError"),  # type: ignore[arg-type]
    (lambda: keirules.check({"name": "x", "manufactured": dt.date(9999, 1, 1)}, "us-import",
                            "2020-01-01"), "SpecError"),
    (lambda: keirules.check(CAR, "jp-kei", dt.date(9999, 12, 31)), "UsageError"),
    (lambda: keirules.routes(CAR, "US", "2020-01-01").route("nope"), "UnknownNameError"),
])
def test_the_reported_cases(call: Callable[[], object], kind: str) -> None:
    with pytest.raises(KeirulesError) as info:
        call()
    assert type(info.value).__name__ == kind


def test_an_unknown_route_is_also_a_key_error() -> None:
    with pytest.raises(KeyError):
        keirules.routes(CAR, "US", "2020-01-01").route("nope")


@pytest.mark.parametrize("on", [dt.date(2020, 1, 1), dt.datetime(2020, 1, 1, 12),
                                "2020-01-01"])
def test_on_takes_a_date_a_datetime_or_iso_text(on: object) -> None:
    report = keirules.check(CAR, "jp-kei", on)  # type: ignore[arg-type]
    assert report.on == dt.date(2020, 1, 1) and type(report.on) is dt.date


def test_a_datetime_of_manufacture_is_its_date() -> None:
    car = {"name": "x", "manufactured": dt.datetime(1991, 5, 15, 8, 30),
           "features": {"original_configuration": True}}
    report = keirules.check(car, "us-import", "2016-05-15")
    assert report.vehicle.manufactured is not None
    assert report.vehicle.manufactured.first == dt.date(1991, 5, 15)
    assert report.verdict == "pass"
