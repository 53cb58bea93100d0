"""USSD asks where for a service given by place (water utilities): region, then district,
then the institution serving that district; the place goes with the feedback, and the
caller's next session offers the same region and district first."""
import re

from mrejesho.models import District, Feedback, Region
from tests.test_ussd_webhook import Caller
from ussd import menu
from ussd.catalog import Area, Areas, Place, build


def number_of(screen: str, label: str) -> str:
    """The menu number in front of label on this screen (on any of its pages)."""
    match = re.search(rf"^(\d+)\. {re.escape(label)}$", screen, re.MULTILINE)
    assert match, f"{label!r} not on screen:\n{screen}"
    return match.group(1)


def to_districts(caller: Caller, region: str) -> str:
    screen = caller.walk("1", "1")
    screen = caller.send(number_of(screen, "Maji"))
    screen = caller.send(number_of(screen, "Kwa mkoa na wilaya"))
    assert screen.startswith("CON Chagua mkoa:")
    return caller.send(number_of(screen, region))


def test_water_by_region_and_district_reaches_the_town_utility(client, db):
    caller = Caller(client)
    screen = to_districts(caller, "Arusha")
    assert screen.startswith("CON Chagua wilaya:")
    screen = caller.send(number_of(screen, "Arusha CBD"))
    assert screen.startswith("CON Andika ujumbe wako kwa AUWSA")
    caller.send("Hakuna maji Njiro wiki nzima")
    caller.send("2")  # "hide your number?" no
    assert caller.send("1").startswith("END Asante! Mrejesho wako umepokelewa na AUWSA")
    item = db.session.scalars(db.select(Feedback)).one()
    assert item.institution.code == "AUWSA"
    assert db.session.get(Region, item.region_id).key == "ARUSHA"
    assert db.session.get(District, item.district_id).key == "ARUSHACBD"


def test_a_district_without_a_town_utility_goes_to_rural_water(client, db):
    caller = Caller(client)
    screen = to_districts(caller, "Arusha")
    assert caller.send(number_of(screen, "Karatu")).startswith(
        "CON Andika ujumbe wako kwa RUWASA")


def test_the_next_session_offers_the_callers_region_and_district_first(client, db):
    first = Caller(client)
    screen = to_districts(first, "Dodoma")
    first.send(number_of(screen, "Dodoma CBD"))
    first.send("Bomba limepasuka mtaani kwetu")
    first.send("2")  # "hide your number?" no
    first.send("1")
    again = Caller(client, phone=first.phone)
    screen = again.walk("1", "1")
    screen = again.send(number_of(screen, "Maji"))
    screen = again.send(number_of(screen, "Kwa mkoa na wilaya"))
    assert number_of(screen, "Dodoma") == "1"
    assert number_of(again.send("1"), "Dodoma CBD") == "1"


def councils_of(caller: Caller, region: str) -> str:
    """The district list of the councils' path ("Halmashauri (kwa mkoa)")."""
    screen = caller.walk("1", "1")
    while "Halmashauri (kwa mkoa)" not in screen:
        screen = caller.send("98")
    screen = caller.send(number_of(screen, "Halmashauri (kwa mkoa)"))
    while not re.search(rf"^\d+\. {re.escape(region)}$", screen, re.MULTILINE):
        screen = caller.send("98")
    return caller.send(number_of(screen, region))


def test_a_district_with_three_councils_asks_which_by_short_name(client, db):
    caller = Caller(client)
    screen = councils_of(caller, "Shinyanga")
    screen = caller.send(number_of(screen, "Kahama"))
    assert screen.startswith("CON Chagua halmashauri:")
    assert [number_of(screen, name) for name in ("Kahama MC", "Msalala DC", "Ushetu DC")] \
        == ["1", "2", "3"]
    assert caller.send("2").startswith("CON Andika ujumbe wako kwa MSALALADC")
    caller.send("Barabara ya kijiji haijachongwa")
    caller.send("2")  # "hide your number?" no
    caller.send("1")
    item = db.session.scalars(db.select(Feedback)).one()
    assert item.institution.code == "MSALALADC"
    assert db.session.get(District, item.district_id).key == "KAHAMA"


def test_a_district_without_a_council_goes_to_the_regional_secretariat_else_the_desk():
    areas = Areas((Area("R1", "Mkoa"), Area("R2", "Pili")),
                  {"R1": (Area("D1", "Wilaya"),), "R2": (Area("D2", "Nyingine"),)})
    places = [Place("DESK", "Dawati", "Desk", "triage", "GENERAL"),
              Place("RS1", "Sekretarieti", "Secretariat", "region", "LOCALGOV", None, ("D1",),
                    ("R1",))]
    built = build([("GENERAL", "Jumla", "General"), ("LOCALGOV", "Serikali", "Local")],
                  places, areas)
    state = {**menu.start(), "screen": "area_district", "area_for": menu.COUNCILS,
             "area_region": "R1"}
    assert menu.step(state, "1", built).state["institution"] == "RS1"
    state["area_region"] = "R2"
    assert menu.step(state, "1", built).state["institution"] == "DESK"


def road_offices(caller: Caller) -> str:
    screen = caller.walk("1", "1")
    while "Barabara na Usafiri" not in screen:
        screen = caller.send("98")
    return caller.send(number_of(screen, "Barabara na Usafiri"))


def test_roads_agency_asks_where_and_keeps_the_place(client, db):
    caller = Caller(client)
    screen = road_offices(caller)
    tarura = re.search(r"^(\d+)\. TARURA", screen, re.MULTILINE).group(1)
    screen = caller.send(tarura)
    assert screen.startswith("CON Chagua mkoa:")
    screen = caller.send(number_of(screen, "Arusha"))
    screen = caller.send(number_of(screen, "Karatu"))
    assert screen.startswith("CON Andika ujumbe wako kwa TARURA")
    caller.send("Daraja la Rhotia limevunjika")
    caller.send("2")  # "hide your number?" no
    caller.send("1")
    item = db.session.scalars(db.select(Feedback)).one()
    assert item.institution.code == "TARURA"
    assert db.session.get(District, item.district_id).key == "KARATU"


def test_the_place_may_be_skipped_for_a_national_institution(client, db):
    caller = Caller(client)
    screen = road_offices(caller)
    screen = caller.send(re.search(r"^(\d+)\. TARURA", screen, re.MULTILINE).group(1))
    while "Ruka swali hili" not in screen:
        screen = caller.send("98")
    screen = caller.send(number_of(screen, "Ruka swali hili"))
    assert screen.startswith("CON Andika ujumbe wako kwa TARURA")
    caller.send("Barabara mbovu sana kwa ujumla")
    caller.send("2")  # "hide your number?" no
    caller.send("1")
    item = db.session.scalars(db.select(Feedback)).one()
    assert item.institution.code == "TARURA" and item.district_id is None


def test_the_councils_path_offers_the_callers_last_region_first(client, db):
    first = Caller(client)
    screen = councils_of(first, "Shinyanga")
    first.send(number_of(screen, "Kahama"))
    first.send("1")
    first.send("Soko halina choo")
    first.send("2")  # "hide your number?" no
    first.send("1")
    again = Caller(client, phone=first.phone)
    screen = again.walk("1", "1")
    while "Halmashauri (kwa mkoa)" not in screen:
        screen = again.send("98")
    screen = again.send(number_of(screen, "Halmashauri (kwa mkoa)"))
    assert number_of(screen, "Shinyanga") == "1"
