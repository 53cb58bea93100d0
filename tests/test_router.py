"""The scored router (mrejesho.router) as a pure function of a text and an index built from
the reference data as `flask seed` ships it: no database."""

import pytest

from mrejesho import router
from mrejesho.router import gazetteer
from mrejesho.routing_eval import shipped_index

INDEX = shipped_index()


def route(text, **kwargs):
    return router.route(text, idx=INDEX, **kwargs)


@pytest.mark.parametrize("text, code, never", [
    ("Habari, umeme umekatika Sinza tangu jana usiku", "TANESCO", "MICIT"),
    ("Habari ndugu, naomba kujua lini kitambulisho changu kitatoka", "NIDA", "MICIT"),
    ("Maji machafu yanatoka bombani Ilemela Mwanza", "MWAUWASA", "DAWASA"),
    ("Hatuna maji Njiro Arusha", "AUWSA", "DAWASA"),
    ("Kiwanda kinatoa moshi mweusi usiku Mikocheni", "NEMC", "MOSHIMC"),
    ("Hongera hospitali ya Muhimbili kwa huduma nzuri", "MNH", "MOH"),
    ("Kibali cha ujenzi Kinondoni kinachukua miezi sita", "KINONDONIMC", "UJENZI"),
])
def test_the_examples_of_issue_10_route_right(text, code, never):
    decision = route(text)
    assert decision.code == code
    assert never not in dict(decision.suggestions)
    assert 0 < decision.confidence <= 1 and decision.reasons


@pytest.mark.parametrize("text", [
    "Habari", "habari za asubuhi ndugu", "Moshi", "Mvua kubwa imenyesha Moshi leo",
    "taa", "Rita hapa naomba msaada", "osha mikono", "mambo vipi", "kati ya saa 2 na 4",
])
def test_everyday_words_and_greetings_never_decide_alone(text):
    assert route(text).code is None


def test_water_without_a_place_is_left_to_triage_never_to_dawasa():
    decision = route("Maji yamekatika tangu jana, tunaomba msaada")
    assert decision.code is None
    assert "DAWASA" not in dict(decision.suggestions)
    assert any("no place" in reason for reason in decision.reasons)


@pytest.mark.parametrize("text, code", [
    ("Kisima cha kijiji chetu kimeharibika", "RUWASA"),
    ("Hatuna maji Ilemela wiki nzima", "MWAUWASA"),
    ("maji hayatoki Kigamboni", "DAWASA"),
    ("Bomba limepasuka Sakina Arusha", "AUWSA"),
    ("Water has been off for three days in Kilimani, Zanzibar town", "ZAWA"),
])
def test_a_regional_service_goes_to_whoever_covers_the_place(text, code):
    assert route(text).code == code


def test_the_place_is_found_from_ward_to_region():
    decision = route("Hatuna maji Njiro Arusha")
    assert (decision.region, decision.district) == ("ARUSHA", "ARUSHACBD")
    decision = route("Umeme umekatika Sinza")
    assert (decision.region, decision.district, decision.ward) == ("DSM", "UBUNGO", "UBUNGO.SINZA")


def test_an_ambiguous_place_name_needs_another_to_count():
    assert route("Moshi mweusi unatoka kiwandani").region is None
    assert route("Soko la Majengo Moshi linavuja").district == "MOSHICBD"


def test_multi_word_phrases_beat_the_words_inside_them():
    decision = route("Kibali cha ujenzi kinachukua miezi sita Ilemela")
    assert decision.code == "ILEMELAMC"
    assert "UJENZI" not in dict(decision.suggestions)


def test_corruption_puts_pccb_first_whoever_is_named():
    assert route("Polisi wa barabarani wanaomba rushwa Mwanza").code == "PCCB"


def test_the_citizens_choice_wins_with_full_confidence():
    decision = route("Hatuna maji Njiro Arusha", chosen="tanesco")
    assert (decision.code, decision.confidence, decision.reasons) == (
        "TANESCO", 1.0, (router.CHOSEN,))
    assert decision.region == "ARUSHA"  # the place is still found


def test_below_the_threshold_the_desk_gets_the_suggestions():
    decision = route("barabara yetu ni mbaya sana tafadhali mtusaidie")
    assert decision.code is None
    assert [code for code, _score in decision.suggestions] == ["TARURA", "TANROADS"]
    stored = decision.as_json()
    assert stored["suggestions"][0][0] == "TARURA" and stored["reasons"]
    assert route("barabara yetu ni mbaya sana", limit=0.1).code == "TARURA"


def test_suggestions_are_at_most_three_best_first():
    decision = route("umeme na maji vimekatika Kigamboni, barabara mbovu, polisi hawaji")
    scores = [score for _code, score in decision.suggestions]
    assert len(scores) <= 3 and scores == sorted(scores, reverse=True)


def test_gazetteer_reads_names_without_apostrophes_and_case():
    gaz = gazetteer.load()
    assert gazetteer.words("Nyang'hwale") == ["nyanghwale"]
    assert ("nyanghwale",) in gaz.names
    assert ("dar", "es", "salaam") in gaz.names


@pytest.mark.parametrize("text, code", [
    ("Nyumba yetu imevunjwa usiku, vitu vyote vimeibiwa", "POLISI"),
    ("Tumetapeliwa na mtu anajiita afisa wa benki", "TCRA"),
    ("Nimefukuzwa kazi bila notisi", "PMOLYEPD"),
])
def test_a_verb_stem_matches_whatever_its_prefixes(text, code):
    assert route(text).code == code


@pytest.mark.parametrize("text", [
    "Kumbukumbu yangu haijajibiwa mpaka leo",  # -jibiwa (answered) is not -ibiwa (stolen)
    "Huduma za tiba ni nzuri",
])
def test_a_verb_stem_needs_its_own_prefix(text):
    assert route(text).code is None


def test_mainland_institutions_are_not_sent_zanzibar_messages():
    assert route("Umeme umekatika Zanzibar tangu asubuhi").code is None
    assert route("Zanzibar hatuna maji wiki ya pili").code == "ZAWA"
    assert route("Hatuna maji Makunduchi wiki mbili").code == "ZAWA"


def test_a_village_road_or_bridge_is_taruras():
    decision = route("Barabara na daraja la kijiji chetu Biharamulo vimeharibika")
    assert decision.code == "TARURA"
    assert "TANROADS" not in dict(decision.suggestions)


def test_a_regions_name_beats_a_ward_of_that_name_elsewhere():
    assert route("Mitaro imeziba mtaa wa Sabasaba Tanga").region == "TANGA"


def test_a_word_written_twice_is_not_two_places_that_agree():
    assert route("dawa za kikohozi duka la dawa Buguruni").region == "DSM"
