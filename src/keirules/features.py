"""The equipment vocabulary: every name a spec's ``features`` and a ``feature:`` rule may use.

A feature is declared ``true`` in a spec when the vehicle has that equipment (or, for the
names that carry a standard's number, meets that standard's requirement). One declaration
here keeps specs and rule sets speaking the same words: an unknown name in either is an error
with a suggestion, so a typo can never turn a rule into an ``unknown`` that nobody notices.

>>> FEATURES["frontal_airbags"].standard
'FMVSS No. 208 (49 CFR 571.208), occupant crash protection'
>>> unknown_feature("frontal_airbag")
"is not a known feature name. Did you mean 'frontal_airbags'? ('keirules features' lists them.)"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from keirules.errors import did_you_mean

__all__ = ["FEATURES", "Feature", "feature_entries", "unknown_feature"]

_LSV: Final = "FMVSS No. 500 (49 CFR 571.500)"


@dataclass(frozen=True, slots=True)
class Feature:
    """One equipment name: what ``true`` means, and the standard the requirement comes from."""

    name: str
    meaning: str
    standard: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "meaning": self.meaning, "standard": self.standard}


def _declare(*features: Feature) -> dict[str, Feature]:
    return {feature.name: feature for feature in features}


#: Name -> feature. Low-speed-vehicle equipment (FMVSS No. 500 S5(b)) first, then the US
#: passenger-car standards a new small car would have to meet or be exempted from.
FEATURES: Final[dict[str, Feature]] = _declare(
    Feature("headlamps", "headlamps", f"{_LSV} S5(b)(1)"),
    Feature("turn_signal_lamps", "front and rear turn signal lamps", f"{_LSV} S5(b)(2)"),
    Feature("tail_lamps", "tail lamps", f"{_LSV} S5(b)(3)"),
    Feature("stop_lamps", "stop lamps", f"{_LSV} S5(b)(4)"),
    Feature("reflex_reflectors",
            "red reflex reflectors: one on each side as far to the rear as practicable, and one "
            "on the rear", f"{_LSV} S5(b)(5)"),
    Feature("mirrors",
            "an exterior mirror on the driver's side, and either an exterior mirror on the "
            "passenger's side or an interior mirror", f"{_LSV} S5(b)(6)"),
    Feature("parking_brake", "a parking brake", f"{_LSV} S5(b)(7)"),
    Feature("windshield",
            "a windshield of glazing that conforms to FMVSS No. 205 (glazing materials)",
            f"{_LSV} S5(b)(8); FMVSS No. 205"),
    Feature("vin", "a vehicle identification number that conforms to 49 CFR Part 565",
            f"{_LSV} S5(b)(9); 49 CFR Part 565"),
    Feature("seat_belts",
            "a Type 1 or Type 2 seat belt assembly conforming to FMVSS No. 209 at each "
            "designated seating position", f"{_LSV} S5(b)(10); FMVSS No. 209"),
    Feature("rear_visibility",
            "a rear visibility system (backup camera) meeting FMVSS No. 111: an image of a "
            "10 ft by 20 ft zone behind the vehicle, shown within 2.0 s of selecting reverse",
            "FMVSS No. 111 (49 CFR 571.111), rear visibility; for low-speed vehicles S6.2 via "
            "FMVSS No. 500 S5(b)(11) (paragraph number not read in the official text)"),
    Feature("frontal_airbags", "frontal air bags for the driver and the front outboard passenger",
            "FMVSS No. 208 (49 CFR 571.208), occupant crash protection"),
    Feature("advanced_airbags",
            "advanced frontal air bags meeting FMVSS No. 208's requirements for small and "
            "out-of-position occupants (occupant classification and suppression, or low-risk "
            "deployment; tests with the 5th-percentile female dummy)",
            "FMVSS No. 208 (49 CFR 571.208), occupant crash protection"),
    Feature("side_impact_protection",
            "side impact protection meeting FMVSS No. 214's moving-deformable-barrier test",
            "FMVSS No. 214 (49 CFR 571.214), side impact protection"),
    Feature("side_pole_protection",
            "side impact protection meeting FMVSS No. 214's oblique pole test (75 degrees, "
            "about 32 km/h)", "FMVSS No. 214 (49 CFR 571.214), side impact protection"),
    Feature("roof_crush_resistance",
            "a roof that withstands 3.0 times the unloaded vehicle weight on each side with "
            "headroom maintained (vehicles of GVWR up to 6,000 lb)",
            "FMVSS No. 216a (49 CFR 571.216a), roof crush resistance"),
    Feature("fmvss_108_lighting",
            "lamps, reflective devices and associated equipment meeting FMVSS No. 108 (US "
            "headlamp photometry, side marker lamps and reflectors, amber front turn signals)",
            "FMVSS No. 108 (49 CFR 571.108), lamps, reflective devices and associated equipment"),
    Feature("esc", "electronic stability control meeting FMVSS No. 126",
            "FMVSS No. 126 (49 CFR 571.126), electronic stability control systems"),
    Feature("tpms",
            "a tire pressure monitoring system that warns the driver of significant "
            "under-inflation", "FMVSS No. 138 (49 CFR 571.138), tire pressure monitoring systems"),
    Feature("part_581_bumpers",
            "front and rear bumper systems meeting the bumper standard: 2.5 mph pendulum and "
            "fixed-barrier impacts and 1.5 mph corner impacts without damage to lamps, hood, "
            "trunk, doors, fuel or cooling systems", "49 CFR Part 581, bumper standard"),
    Feature("fuel_system_integrity",
            "a fuel system meeting FMVSS No. 301's limits on fuel spillage after front, rear "
            "and side impacts", "FMVSS No. 301 (49 CFR 571.301), fuel system integrity"),
    Feature("ev_electrical_safety",
            "an electric propulsion system meeting FMVSS No. 305 after a crash: electrolyte "
            "spillage, battery retention, electrical isolation and shock protection",
            "FMVSS No. 305 (49 CFR 571.305), electric-powered vehicles"),
    # US states (M-W)
    Feature("upright_seat_24in",
            "a permanent upright seat or saddle for the driver, mounted at least 24 inches from "
            "the ground", "Wyoming multipurpose vehicle, W.S. 31-1-101 (as WYDOT states it)"),
    Feature("low_pressure_tires",
            "travels on four or more low-pressure tires of 20 psi or less",
            "Washington wheeled all-terrain vehicle, RCW 46.09.310"),
    Feature("nonstraddle_seat_steering_wheel",
            "a permanent upright seat that the operator does not straddle, and a steering device "
            "for front-wheel steering control", "North Dakota unconventional vehicle, "
            "N.D.C.C. 39-29.2-01(2)"),
    Feature("nd_road_equipment",
            "the equipment North Dakota requires of a road vehicle in N.D.C.C. chapter 39-21 (or "
            "chapter 39-27 for motorcycles)", "North Dakota unconventional vehicle, "
            "N.D.C.C. 39-29.2-01(2); chapters 39-21 and 39-27"),
    # New-vehicle considerations added with the 2024 AEB rule and the certification parts.
    Feature("aeb",
            "automatic emergency braking, pedestrian automatic emergency braking and forward "
            "collision warning meeting FMVSS No. 127",
            "FMVSS No. 127 (49 CFR 571.127), automatic emergency braking systems for light "
            "vehicles (final rule 89 FR 39686, 2024)"),
    Feature("ejection_mitigation",
            "an ejection mitigation countermeasure meeting FMVSS No. 226 (limits on occupant "
            "ejection through side window openings)",
            "FMVSS No. 226 (49 CFR 571.226), ejection mitigation"),
    Feature("fmvss_135_brakes",
            "service and parking brake systems meeting FMVSS No. 135's light vehicle "
            "requirements", "FMVSS No. 135 (49 CFR 571.135), light vehicle brake systems"),
    Feature("fmvss_114_theft_rollaway",
            "theft protection and rollaway prevention meeting FMVSS No. 114",
            "FMVSS No. 114 (49 CFR 571.114), theft protection and rollaway prevention"),
    Feature("minimum_sound",
            "a pedestrian alert sound meeting FMVSS No. 141's minimum sound requirements "
            "(hybrid and electric vehicles)",
            "FMVSS No. 141 (49 CFR 571.141), minimum sound requirements for hybrid and electric "
            "vehicles"),
    Feature("fmvss_111_mirrors",
            "rear-view mirrors meeting FMVSS No. 111's requirements for the vehicle's class "
            "(besides the rear visibility camera image)",
            "FMVSS No. 111 (49 CFR 571.111), rear visibility: mirrors"),
    Feature("seat_belt_reminder",
            "a seat belt warning (reminder) meeting FMVSS No. 208",
            "FMVSS No. 208 (49 CFR 571.208), occupant crash protection: seat belt warning"),
    Feature("certification_label",
            "a label permanently affixed by the manufacturer certifying that the vehicle "
            "conforms to all applicable FMVSS, as 49 CFR Part 567 prescribes",
            "49 CFR Part 567, certification"),
    Feature("emissions_certificate",
            "covered by an EPA certificate of conformity with the US emission standards, as the "
            "Clean Air Act requires before a new vehicle enters commerce",
            "Clean Air Act section 206 (42 U.S.C. 7525), certificates of conformity"),
    # Federal import routes other than the 25-year exemption.
    Feature("show_or_display_approved",
            "the vehicle's make, model and model year are on NHTSA's list of vehicles "
            "determined eligible for import for show or display",
            "49 CFR 591.5(j), show or display (final rule 64 FR 37878, 1999)"),
    Feature("import_eligibility_determined",
            "NHTSA has determined the vehicle eligible for import under 49 CFR Part 593 "
            "(a vehicle eligibility number for box 3 of form HS-7), so that a Registered "
            "Importer may conform it to the FMVSS",
            "49 CFR Part 593 (eligibility determinations); 49 CFR 591.5(f)"),
    Feature("not_manufactured_for_road_use",
            "the vehicle was not manufactured primarily for use on public streets, roads and "
            "highways, so it is not a motor vehicle under federal law (an off-road vehicle)",
            "49 U.S.C. 30102(a) (definition of motor vehicle); 49 CFR 591.5(a)"),
    Feature("original_configuration",
            "the vehicle is in its original, unmodified configuration as manufactured (engine "
            "and emission controls included), as EPA's exemption for vehicles at least 21 "
            "years old requires",
            "40 CFR 85.1511 (EPA exemption of vehicles at least 21 years old; EPA Form "
            "3520-1, code E)"),
    # US states (A-M)
    Feature("enclosed_cab",
            "an enclosed cab (cabin) for the driver and passengers, with a roof, doors and "
            "windows, as the US state kei-vehicle and mini-truck definitions require",
            "Colorado HB25-1281 (kei vehicle, enclosed cab); Minnesota Statutes 169.011 subd. 40a "
            "(mini truck, enclosed cabin); Indiana Code 9-13-2-103.1 (mini-truck, locking "
            "enclosed cab); Alabama Code 40-12-240 and Arkansas Code 27-14-726 (mini-truck, "
            "fully enclosed metal cab)"),
    Feature("heated_interior",
            "a heater for the cab interior, fitted by the manufacturer",
            "Indiana Code 9-13-2-103.1(5) (mini-truck: manufactured with a locking enclosed cab "
            "and a heated interior)"),
    Feature("roll_bar",
            "a roll bar or roll cage protecting the occupants if the vehicle overturns",
            "Kentucky Revised Statutes 186.077(1)(c) (street-legal special purpose vehicle), as "
            "summarised by the Kentucky League of Cities"),
    Feature("seat_belts_fitted",
            "seat belts (an occupant protection system) at the seating positions, of any "
            "standard: what a state's equipment list asks when it names no FMVSS (unlike "
            "seat_belts, which means FMVSS No. 209)",
            "Neb. Rev. Stat. 60-121.01 (minitruck: an occupant protection system); Ark. Code "
            "Ann. 27-14-726(a)(2)(A)(iv)(j) (mini-truck: seat belts); Alabama Code 40-12-240 "
            "(mini-truck: seat belts)"),
    Feature("safety_glass_windshield",
            "a windshield of safety glass, of any standard: what a state's equipment list asks "
            "when it names no FMVSS (unlike windshield, which means FMVSS No. 205 glazing)",
            "Alabama Code 40-12-240 (mini-truck: windshield), as the Department of Revenue's "
            "Memorandum 2012-8 gives it"),
    Feature("ca_direct_import_certificate",
            "the California Air Resources Board has issued a certificate of conformance for the "
            "vehicle as a used direct import (after an emissions test at a laboratory the board "
            "licenses), without which such a vehicle may not be registered in California",
            "California Health and Safety Code 44200 to 44203 (used direct import vehicles)"),
    # Documents that import routes outside the US need and that a spec's figures cannot show.
    Feature("us_certified",
            "the vehicle was sold at retail in the United States and conformed to the US federal "
            "safety, bumper, theft-prevention and VIN standards applicable on its date of "
            "manufacture, as its American compliance label or its manufacturer's statement "
            "shows (the Registrar of Imported Vehicles program, Canada)",
            "Motor Vehicle Safety Regulations (Canada), C.R.C., c. 1038, s. 12.1(1)(a); "
            "49 CFR Parts 541, 565, 571 and 581"),
    Feature("sevs_register_entry",
            "the vehicle's model and variant are entered on the Register of Specialist and "
            "Enthusiast Vehicles (SEVs Register, Australia), so that a registered automotive "
            "workshop may modify it for a concessional RAV entry approval",
            "Road Vehicle Standards Act 2018 (Cth) and Road Vehicle Standards Rules 2019 (Cth), "
            "SEVs Register and concessional RAV entry approval"),
    Feature("uk_individual_approval",
            "the vehicle has passed an Individual Vehicle Approval (IVA) inspection in Great "
            "Britain and holds the approval certificate DVLA asks for at first registration",
            "Road Traffic Act 1988, ss. 58 and 63 (approval certificates); Motor Vehicles "
            "(Approval) Regulations 2001 (S.I. 2001/25), reg. 14, and the IVA scheme"),
    Feature("dual_unit_speedometer",
            "a speedometer that shows the speed in both imperial and metric units (mph and "
            "km/h), as Great Britain asks of a vehicle registered without an individual approval",
            "Road Vehicles (Approval) Regulations 2020 (S.I. 2020/818), reg. 21(1A)(b)"),
    Feature("recreational_design",
            "designed and sold as a recreational vehicle (a side-by-side or similar vehicle for "
            "recreation off developed roadways), not as a road vehicle or work truck",
            "Idaho utility type vehicle, Idaho Code 67-7101(17) (\"any recreational motor "
            "vehicle\")"),
)


def unknown_feature(name: str) -> str | None:
    """The error message for a name outside the vocabulary (with a suggestion), or None."""
    if name in FEATURES:
        return None
    return (f"is not a known feature name.{did_you_mean(name, FEATURES)} "
            "('keirules features' lists them.)")


def feature_entries() -> list[dict[str, Any]]:
    """The ``keirules features --format json`` list: name, meaning and standard of each."""
    return [feature.as_dict() for feature in FEATURES.values()]
