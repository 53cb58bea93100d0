"""Integrity of the reference data: the gazetteer and the jurisdictions.

Reads the files directly (no app, no database), so a broken row is caught
before `flask seed` ever loads it.
"""

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "mrejesho" / "data"
PLACES = DATA / "places"
KEY = re.compile(r"^[A-Z0-9]+$")


def rows(name):
    with open(PLACES / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def regions():
    return rows("regions.csv")


@pytest.fixture(scope="module")
def districts():
    return rows("districts.csv")


@pytest.fixture(scope="module")
def wards():
    return rows("wards.csv")


@pytest.fixture(scope="module")
def jurisdictions():
    return json.loads((DATA / "jurisdictions.json").read_text(encoding="utf-8"))["institutions"]


@pytest.fixture(scope="module")
def national():
    return json.loads((DATA / "institutions.json").read_text(encoding="utf-8"))["institutions"]


def of_kind(institutions, kind):
    return [i for i in institutions if i["kind"] == kind]


def test_there_are_26_mainland_and_5_zanzibar_regions(regions):
    zones = Counter(r["zone"] for r in regions)
    assert zones == {"mainland": 26, "zanzibar": 5}


def test_region_keys_include_the_projects_existing_keys(regions):
    keys = {r["key"] for r in regions}
    assert {"DSM", "ARUSHA", "DODOMA", "MWANZA", "MBEYA", "MOROGORO", "TANGA", "KILIMANJARO",
            "KASKAZINIUNGUJA", "KUSINIUNGUJA", "MJINIMAGHARIBI", "KASKAZINIPEMBA",
            "KUSINIPEMBA"} <= keys


@pytest.mark.parametrize("name, column", [
    ("regions.csv", "key"), ("districts.csv", "key"), ("wards.csv", "key"),
])
def test_keys_are_unique_uppercase_ascii(name, column):
    keys = [r[column] for r in rows(name)]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert all(KEY.match(part) for part in key.split(".")), key


def test_every_district_belongs_to_a_known_region(regions, districts):
    region_keys = {r["key"] for r in regions}
    assert {d["region_key"] for d in districts} <= region_keys


def test_zanzibar_has_its_11_districts(regions, districts):
    zanzibar = {r["key"] for r in regions if r["zone"] == "zanzibar"}
    names = {d["name"] for d in districts if d["region_key"] in zanzibar}
    assert names == {"Mjini", "Magharibi A", "Magharibi B", "Kaskazini A", "Kaskazini B", "Kati",
                     "Kusini", "Wete", "Micheweni", "Chake Chake", "Mkoani"}


def test_every_region_has_a_district(regions, districts):
    assert {r["key"] for r in regions} == {d["region_key"] for d in districts}


def test_every_ward_belongs_to_a_known_district(districts, wards):
    district_keys = {d["key"] for d in districts}
    assert {w["district_key"] for w in wards} <= district_keys
    assert all(w["key"].startswith(w["district_key"] + ".") for w in wards)


def test_every_street_belongs_to_a_known_ward(wards):
    ward_keys = {w["key"] for w in wards}
    streets = rows("streets.csv")
    assert 10_000 < len(streets) < 30_000
    assert {s["ward_key"] for s in streets} <= ward_keys


def test_counts_stay_within_expected_ranges(districts, wards):
    assert 160 <= len(districts) <= 200
    assert 3_500 <= len(wards) <= 4_500


def test_ward_post_codes_are_unique_where_present(wards):
    codes = [w["post_code"] for w in wards if w["post_code"]]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{5}", code) for code in codes)


def test_no_mtaa_artefacts_remain(wards):
    names = [w["name"] for w in wards] + [s["name"] for s in rows("streets.csv")]
    assert not any("post_code" in n.lower() for n in names)
    assert not any(re.search(r"[\n\"\u2018\u2019\u201c\u201d]|  ", n) for n in names)


def test_gazetteer_stays_small():
    assert sum(f.stat().st_size for f in PLACES.iterdir()) < 5_000_000


def test_spellings_point_at_known_places(regions, districts, wards):
    keys = {"region": {r["key"] for r in regions}, "district": {d["key"] for d in districts},
            "ward": {w["key"] for w in wards}}
    spellings = rows("spellings.csv")
    assert {"dar", "dsm", "daressalaam", "zenji"} <= {s["spelling"] for s in spellings}
    for row in spellings:
        assert set(row["key"].split(";")) <= keys[row["level"]], row


def test_no_spelling_is_an_ambiguous_word():
    ambiguous = {a["name"] for a in rows("ambiguous.csv")}
    spellings = [s["spelling"] for s in rows("spellings.csv")]
    assert len(spellings) == len(set(spellings))
    assert not ambiguous & set(spellings)


def test_ambiguous_names_include_the_known_traps():
    ambiguous = {a["name"] for a in rows("ambiguous.csv")}
    assert {"moshi", "mara", "pwani", "kati", "jana", "majengo", "same", "tanesco"} <= ambiguous


def test_every_institution_covers_known_regions_and_districts(jurisdictions, regions, districts):
    region_keys = {r["key"] for r in regions}
    district_region = {d["key"]: d["region_key"] for d in districts}
    for inst in jurisdictions:
        covered = inst["covers"]["regions"]
        assert covered and set(covered) <= region_keys, inst["code"]
        assert inst["region"] is None or inst["region"] in covered, inst["code"]
        for key in inst["covers"]["districts"]:
            assert district_region.get(key) in covered, (inst["code"], key)


def test_codes_are_unique_uppercase_ascii(jurisdictions):
    codes = [i["code"] for i in jurisdictions]
    assert len(codes) == len(set(codes))
    assert all(KEY.match(c) for c in codes)


def test_every_council_has_a_region_and_districts(jurisdictions):
    for council in of_kind(jurisdictions, "council"):
        assert council["region"] and council["covers"]["districts"], council["code"]
        assert council["sectors"] == ["LOCALGOV"]


def test_there_are_184_mainland_councils_of_the_four_types(jurisdictions):
    mainland = [c for c in of_kind(jurisdictions, "council") if c["zone"] == "mainland"]
    assert 150 <= len(mainland) <= 200
    assert Counter(c["council_type"] for c in mainland) == {
        "city": 6, "municipal": 20, "town": 21, "district": 137}


def test_every_mainland_region_has_a_council(jurisdictions, regions):
    mainland = {r["key"] for r in regions if r["zone"] == "mainland"}
    assert mainland <= {c["region"] for c in of_kind(jurisdictions, "council")}


def test_every_district_is_covered_by_a_council(jurisdictions, districts):
    covered = {d for c in of_kind(jurisdictions, "council") for d in c["covers"]["districts"]}
    assert covered == {d["key"] for d in districts}


def test_every_region_has_one_regional_secretariat(jurisdictions, regions):
    secretariats = Counter(s["region"] for s in of_kind(jurisdictions, "region"))
    assert secretariats == Counter(r["key"] for r in regions)


def test_councils_report_to_their_regions_secretariat(jurisdictions):
    secretariat = {s["region"]: s["code"] for s in of_kind(jurisdictions, "region")}
    for council in of_kind(jurisdictions, "council"):
        assert council["parent"] == secretariat[council["region"]], council["code"]


def test_water_authorities_cover_every_region(jurisdictions, regions):
    water = [i for i in jurisdictions if "WATER" in i["sectors"]]
    assert 20 <= len(water) <= 35
    assert {r for w in water for r in w["covers"]["regions"]} == {r["key"] for r in regions}
    dawasa = next(w for w in water if w["code"] == "DAWASA")
    assert {"DSM", "PWANI"} == set(dawasa["covers"]["regions"])


def test_short_names_fit_a_ussd_line(jurisdictions):
    for inst in jurisdictions:
        assert 0 < len(inst["short_name"]) <= 20, inst["short_name"]


def test_no_alias_names_two_institutions(jurisdictions, national):
    owners = {}
    for inst in national + jurisdictions:
        for alias in inst["aliases"]:
            owners.setdefault(alias, set()).add(inst["code"])
    shared = {alias: codes for alias, codes in owners.items() if len(codes) > 1}
    assert not shared


def test_no_alias_is_an_ambiguous_word_or_a_bare_region_name(jurisdictions, regions):
    ambiguous = {a["name"] for a in rows("ambiguous.csv")}
    region_names = {r["name"].lower() for r in regions}
    for inst in jurisdictions:
        for alias in inst["aliases"]:
            assert alias == alias.lower().strip(), alias
            assert alias not in ambiguous and alias not in region_names, (inst["code"], alias)


def test_existing_institutions_keep_their_region(jurisdictions, national):
    region = {i["code"]: i["region"] for i in jurisdictions}
    for inst in national:
        if inst["code"] in region:
            assert region[inst["code"]] == inst["region"], inst["code"]


def test_existing_councils_and_secretariats_are_all_listed(jurisdictions, national):
    codes = {i["code"] for i in jurisdictions}
    local = {i["code"] for i in national if i["kind"] in ("council", "region")}
    assert local <= codes
