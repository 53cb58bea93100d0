"""USSD asks where for a service given by place (water utilities): region, then district,
then the institution serving that district; the place goes with the feedback, and the
caller's next session offers the same region and district first."""
import re

from mrejesho.models import District, Feedback, Region
from tests.test_ussd_webhook import Caller


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
    first.send("1")
    again = Caller(client, phone=first.phone)
    screen = again.walk("1", "1")
    screen = again.send(number_of(screen, "Maji"))
    screen = again.send(number_of(screen, "Kwa mkoa na wilaya"))
    assert number_of(screen, "Dodoma") == "1"
    assert number_of(again.send("1"), "Dodoma CBD") == "1"
