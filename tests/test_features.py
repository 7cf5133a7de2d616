"""The equipment vocabulary: what it declares, and how unknown names are refused.

An unknown name in a spec's ``features`` or in a rule set's ``feature:`` is an error that names
the file, the line and the field, with a suggestion; ``keirules features`` lists the names.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import keirules
from keirules import FEATURES, Feature, RuleSetError, SpecError, load_vehicle
from keirules.features import feature_entries, unknown_feature
from keirules.vehicle import vehicle_from_document
from keirules.yamlload import load_text

Write = Callable[[str, str], Path]

#: FMVSS No. 500 S5(b): the low-speed vehicle's required equipment, item by item.
LSV_EQUIPMENT = {
    "headlamps": "S5(b)(1)", "turn_signal_lamps": "S5(b)(2)", "tail_lamps": "S5(b)(3)",
    "stop_lamps": "S5(b)(4)", "reflex_reflectors": "S5(b)(5)", "mirrors": "S5(b)(6)",
    "parking_brake": "S5(b)(7)", "windshield": "S5(b)(8)", "vin": "S5(b)(9)",
    "seat_belts": "S5(b)(10)",
}
#: The passenger-car standards, by the number each feature must cite.
STANDARDS = {
    "frontal_airbags": "FMVSS No. 208", "advanced_airbags": "FMVSS No. 208",
    "side_impact_protection": "FMVSS No. 214", "side_pole_protection": "FMVSS No. 214",
    "roof_crush_resistance": "FMVSS No. 216a", "rear_visibility": "FMVSS No. 111",
    "fmvss_108_lighting": "FMVSS No. 108", "esc": "FMVSS No. 126", "tpms": "FMVSS No. 138",
    "part_581_bumpers": "49 CFR Part 581", "fuel_system_integrity": "FMVSS No. 301",
    "ev_electrical_safety": "FMVSS No. 305", "aeb": "FMVSS No. 127",
    "ejection_mitigation": "FMVSS No. 226", "fmvss_135_brakes": "FMVSS No. 135",
    "fmvss_114_theft_rollaway": "FMVSS No. 114", "minimum_sound": "FMVSS No. 141",
    "fmvss_111_mirrors": "FMVSS No. 111", "seat_belt_reminder": "FMVSS No. 208",
    "certification_label": "49 CFR Part 567", "emissions_certificate": "42 U.S.C. 7525",
    "show_or_display_approved": "49 CFR 591.5(j)",
    "import_eligibility_determined": "49 CFR Part 593",
    "not_manufactured_for_road_use": "49 CFR 591.5(a)",
    "original_configuration": "40 CFR 85.1511",
}
#: Features a US state's statute needs, by the statute each must cite (added state by state).
STATE_FEATURES = {
    # US states (M-W)
    "upright_seat_24in": "W.S. 31-1-101", "low_pressure_tires": "RCW 46.09.310",
    "nonstraddle_seat_steering_wheel": "N.D.C.C. 39-29.2-01(2)",
    "nd_road_equipment": "N.D.C.C. 39-29.2-01(2)",
    # US states (A-M)
    "enclosed_cab": "HB25-1281", "heated_interior": "Indiana Code 9-13-2-103.1",
    "roll_bar": "Kentucky Revised Statutes 186.077",
    # any-standard equipment, where a state's list names no FMVSS
    "seat_belts_fitted": "Neb. Rev. Stat. 60-121.01",
    "safety_glass_windshield": "Alabama Code 40-12-240",
    "ca_direct_import_certificate": "Health and Safety Code 44200",
    "recreational_design": "Idaho Code 67-7101(17)",
}
#: Documents that import routes outside the US need, by the instrument each must cite.
IMPORT_DOCUMENTS = {
    "us_certified": "C.R.C., c. 1038, s. 12.1(1)(a)",
    "sevs_register_entry": "Road Vehicle Standards Rules 2019",
    "uk_individual_approval": "S.I. 2001/25",
    "dual_unit_speedometer": "S.I. 2020/818",
}
RULESET = """\
family: test-equipment
version: "1"
title: Equipment test
jurisdiction: US
status: what_if
effective_from: 2026-01-01
sources: {a: {title: A}}
rules:
  - {id: length, field: length, max: 3 m}
  - id: airbags
    feature: {name}
"""


def test_the_vocabulary_is_exactly_the_lsv_equipment_and_the_fmvss_items() -> None:
    assert set(FEATURES) == (set(LSV_EQUIPMENT) | set(STANDARDS) | set(STATE_FEATURES)
                             | set(IMPORT_DOCUMENTS))
    assert keirules.FEATURES is FEATURES and keirules.Feature is Feature


@pytest.mark.parametrize("name", sorted(FEATURES))
def test_each_feature_has_a_name_a_meaning_and_a_standard(name: str) -> None:
    feature = FEATURES[name]
    assert feature.name == name
    assert re.fullmatch(r"[a-z][a-z0-9_]{0,63}", name)
    assert feature.meaning.strip() and feature.standard.strip()
    if name in LSV_EQUIPMENT:
        assert feature.standard.startswith("FMVSS No. 500 (49 CFR 571.500) " +
                                           LSV_EQUIPMENT[name])
    if name in STANDARDS:
        assert STANDARDS[name] in feature.standard
    if name in STATE_FEATURES:
        assert STATE_FEATURES[name] in feature.standard
    if name in IMPORT_DOCUMENTS:
        assert IMPORT_DOCUMENTS[name] in feature.standard


def test_every_built_in_feature_rule_uses_the_vocabulary() -> None:
    used = {rule.feature for rs in keirules.default_catalog().all() for rule in rs.rules
            if rule.feature}
    assert used == set(FEATURES)  # and every name is used by some built-in rule set


def test_unknown_feature_message() -> None:
    assert unknown_feature("esc") is None
    message = unknown_feature("frontal_airbag")
    assert message is not None
    assert "Did you mean 'frontal_airbags'?" in message
    assert "keirules features" in message
    assert "Did you mean" not in (unknown_feature("zzzzzz") or "")


# -- in vehicle specs ----------------------------------------------------------------------------


def test_unknown_name_in_a_spec_file_names_file_line_and_field(write: Write) -> None:
    path = write("car.yaml", "name: Car\nfeatures:\n  headlamps: true\n  headlamp: true\n")
    with pytest.raises(SpecError) as info:
        load_vehicle(path)
    error = info.value
    assert (error.file, error.line, error.field) == (str(path), 4, "features.headlamp")
    assert error.value == "headlamp"
    assert "Did you mean 'headlamps'?" in str(error)


def test_unknown_name_in_a_mapping() -> None:
    with pytest.raises(SpecError) as info:
        keirules.vehicle_from_mapping({"name": "x", "features": {"abs": True}})
    assert info.value.field == "features.abs"
    assert "is not a known feature name" in info.value.message


def test_a_well_formed_but_unknown_name_is_refused_after_the_shape_check() -> None:
    longest = "a" * 64  # the longest name the grammar accepts
    with pytest.raises(SpecError) as info:
        keirules.vehicle_from_mapping({"name": "x", "features": {longest: True}})
    assert info.value.field == f"features.{longest}"
    assert "is not a known feature name" in info.value.message
    with pytest.raises(SpecError) as shape:
        keirules.vehicle_from_mapping({"name": "x", "features": {"a" * 65: True}})
    assert shape.value.field == "features"
    assert "lower-case name" in shape.value.message


def test_known_names_load_true_and_false() -> None:
    vehicle = vehicle_from_document(load_text(
        "name: x\nfeatures: {esc: true, tpms: false, vin: true}\n", file="x.yaml"))
    assert dict(vehicle.features) == {"esc": True, "tpms": False, "vin": True}


# -- in rule sets ---------------------------------------------------------------------------


def test_unknown_name_in_a_rule_set_names_file_line_and_field(write: Write) -> None:
    path = write("rules.yaml", RULESET.replace("{name}", "frontal_airbag"))
    with pytest.raises(RuleSetError) as info:
        keirules.load_ruleset(path)
    error = info.value
    assert (error.file, error.line, error.field) == (str(path), 11, "rules.1.feature")
    assert "Did you mean 'frontal_airbags'?" in str(error)


def test_known_name_in_a_rule_set_compiles(write: Write) -> None:
    ruleset = keirules.load_ruleset(write("rules.yaml",
                                          RULESET.replace("{name}", "frontal_airbags")))
    assert ruleset.rule("airbags").field == "features.frontal_airbags"


# -- the command line -------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "keirules", *args], capture_output=True,
                          text=True, timeout=60, check=False,
                          env={**os.environ, "COLUMNS": "200"})


def test_features_command_lists_every_name_as_a_table() -> None:
    result = run("features")
    assert result.returncode == 0, result.stderr
    for name in FEATURES:
        assert name in result.stdout


def test_features_command_json() -> None:
    result = run("features", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == feature_entries()
    assert [entry["name"] for entry in data] == list(FEATURES)
    assert all(set(entry) == {"name", "meaning", "standard"} for entry in data)


def test_check_with_an_unknown_feature_exits_2_with_one_paragraph(write: Write) -> None:
    path = write("car.yaml", "name: Car\nlength: 3 m\nfeatures:\n  seatbelts: true\n")
    result = run("check", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    for needle in (str(path), "line 4", "features.seatbelts", "Did you mean 'seat_belts'?"):
        assert needle in result.stderr, needle


def test_validate_refuses_an_unknown_feature_rule(write: Write) -> None:
    path = write("rules.yaml", RULESET.replace("{name}", "tmps"))
    result = run("validate", str(path))
    assert result.returncode == 2
    assert "rules.1.feature" in result.stderr and "Did you mean 'tpms'?" in result.stderr
