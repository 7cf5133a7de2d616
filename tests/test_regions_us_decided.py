"""How many of the 51 jurisdictions decide the best route (open or closed) for the two
vehicles an importer asks about most, from cited sources: at least 20 for each.

The vehicles are the shipped examples ``examples/importer/kei-truck-1995.yaml`` and
``kei-car-2000.yaml`` (the same as ``us_states.KEI_TRUCK_1995`` / ``KEI_CAR_2000``), so the
README's command and this count agree. A state counts only through its file's decisions and
rule sets, and every decided state names its sources.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from us_states import KEI_CAR_2000, KEI_TRUCK_1995, ON, ROOT, region

from keirules import load_vehicle, vehicle_from_mapping
from keirules.routing import region_routes

GOAL = 20
EXAMPLES = {"truck-1995": (ROOT / "examples" / "importer" / "kei-truck-1995.yaml",
                           KEI_TRUCK_1995),
            "car-2000": (ROOT / "examples" / "importer" / "kei-car-2000.yaml", KEI_CAR_2000)}


def _decided(path: Path) -> dict[str, str]:
    report = region_routes(load_vehicle(path), "US", ON)
    return {state.region.code: state.status for state in report.regions
            if state.status != "undetermined"}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_example_is_the_test_vehicle(name: str) -> None:
    path, spec = EXAMPLES[name]
    example, test = load_vehicle(path), vehicle_from_mapping(spec)
    for field in ("manufactured", "category", "wheels", "seats", "powertrain", "displacement",
                  "length", "width", "curb_mass", "top_speed"):
        assert example.value(field) == test.value(field), field
    assert dict(example.features) == dict(test.features)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_at_least_twenty_states_decide_from_cited_sources(name: str) -> None:
    decided = _decided(EXAMPLES[name][0])
    assert len(decided) >= GOAL, sorted(decided)
    for code in decided:
        sources: Any = region(code).get("sources")
        assert sources, f"{code} is decided without sources"
