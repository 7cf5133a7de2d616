"""What the state-layer tests share: the two vehicles an importer asks about, the region files
read as data, each state's own routes through the router, and the source checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from keirules.rulesets.basis import is_copy

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ROOT / "markets" / "us"
CHECKED = dt.date(2026, 12, 1)
ON = "2026-12-01"

#: The road equipment every kei truck sold in Japan in 1995 had (Japan's safety standards asked
#: for it), as an importer declares it, in the features whose meanings fit: not ``windshield``
#: or ``seat_belts``, which mean FMVSS No. 205 glazing and FMVSS No. 209 belts, which a Japanese
#: truck was never certified to, but their any-standard kin.
KEI_TRUCK_EQUIPMENT = {
    "headlamps": True, "tail_lamps": True, "stop_lamps": True, "turn_signal_lamps": True,
    "reflex_reflectors": True, "mirrors": True, "parking_brake": True,
    "safety_glass_windshield": True, "seat_belts_fitted": True,
    "nonstraddle_seat_steering_wheel": True,
}
KEI_TRUCK_1995 = {
    "name": "1995 kei truck", "manufactured": "1995-06", "category": "cargo", "wheels": 4,
    "seats": 2, "powertrain": "combustion", "displacement": "658 cc", "length": "3295 mm",
    "width": "1395 mm", "curb_mass": "700 kg", "top_speed": "110 km/h",
    # a work truck, not a recreational off-highway design (Idaho's utility type vehicle)
    "features": {"original_configuration": True, "enclosed_cab": True, **KEI_TRUCK_EQUIPMENT,
                 "recreational_design": False},
}
KEI_CAR_2000 = {
    "name": "2000 kei car", "manufactured": "2000-06", "category": "passenger", "wheels": 4,
    "seats": 4, "powertrain": "combustion", "displacement": "658 cc", "length": "3395 mm",
    "width": "1475 mm", "curb_mass": "800 kg", "top_speed": "140 km/h",
    "features": {"enclosed_cab": True, "original_configuration": True,
                 "recreational_design": False},
}


def region(code: str) -> dict[str, Any]:
    """A state's region file, as plain data."""
    data = yaml.safe_load((REGIONS / f"{code}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def route(code: str, route_id: str) -> dict[str, Any]:
    (found,) = [r for r in region(code)["routes"] if r["id"] == route_id]
    return found


def own_routes(spec: dict[str, Any], code: str, on: str = ON) -> dict[str, str]:
    """The state's own routes (not the federal ones) and their statuses for one vehicle."""
    from keirules.routing import routes

    report = routes(spec, "US", on, region=code)
    prefix = code.lower() + "-"
    return {r.route.id: r.status for r in report.routes if r.route.id.startswith(prefix)}


def assert_sources_described(code: str) -> None:
    """Every source names its instrument or citation and its verification; none is a copy."""
    for key, source in (region(code).get("sources") or {}).items():
        assert source.get("title") and source.get("verified") in {"text", "secondary"}, key
        assert source.get("instrument") or source.get("citation"), key
        urls = [source.get("url") or ""]
        urls += [e.get("url") or "" for e in source.get("evidence") or []]
        for url in urls:
            assert not is_copy(url), (key, url)
