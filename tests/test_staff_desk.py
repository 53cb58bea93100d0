"""The central desk: a feedback the router was unsure of lands there with its suggestions,
shown on the case page with the reasons and routed with one click; the place is shown."""
import re

from mrejesho.models import Event, Feedback, OutboundSms
from tests.factories import make_feedback, make_staff

UNSURE = "Habari ndugu, naomba msaada kuhusu jambo fulani linalotusumbua hapa kwetu."


def at_the_desk(db, body=UNSURE) -> Feedback:
    item = make_feedback(institution=None, body=body)
    assert item.institution.code == "DAWATI"
    return item


def test_the_desk_sees_the_routers_suggestions_and_routes_with_one_click(
        client, db, staff_login, sms_sent):
    item = at_the_desk(db)
    item.routing_reasons = {"suggestions": [["AUWSA", 0.28], ["TANESCO", 0.2]],
                            "reasons": ["maji: water", "Njiro: ARUSHA"], "place": {}}
    db.session.commit()
    staff_login(make_staff("DAWATI"))
    page = client.get(f"/staff/feedback/{item.id}").get_data(as_text=True)
    assert "Taasisi zinazopendekezwa" in page and "maji: water; Njiro: ARUSHA" in page
    assert re.findall(r'data-route="(\w+)"', page) == ["AUWSA", "TANESCO"]
    # What the first one-click form posts:
    form = re.search(r'<form[^>]*/transfer"[^>]*class="inline">(.*?)</form>', page, re.S).group(1)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert (fields["institution"], fields["reason"]) == (
        "AUWSA", "Limetumwa na dawati kuu la mrejesho.")
    response = client.post(f"/staff/feedback/{item.id}/transfer", data=fields)
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.institution.code == "AUWSA"
    moved = db.session.scalars(db.select(Event).filter_by(feedback_id=item.id,
                                                          type="transferred")).one()
    assert (moved.from_value, moved.to_value) == ("DAWATI", "AUWSA")
    assert moved.text == "Limetumwa na dawati kuu la mrejesho."  # the citizen's language
    told = db.session.scalars(db.select(OutboundSms.text)
                              .where(OutboundSms.feedback_id == item.id)).all()
    assert any("AUWSA" in text and "umehamishiwa" in text for text in told)


def test_an_institution_that_is_not_the_desk_sees_no_suggestions(client, db, staff_login):
    item = make_feedback()
    item.routing_reasons = {"suggestions": [["DAWASA", 0.5]], "reasons": [], "place": {}}
    db.session.commit()
    staff_login(make_staff("TANESCO"))
    page = client.get(f"/staff/feedback/{item.id}").get_data(as_text=True)
    assert 'id="routes"' not in page


def test_the_case_page_shows_the_place_found_in_the_message(client, db, staff_login):
    item = make_feedback(body="Umeme umekatika tangu jana mtaa wa Sinza, Kinondoni.")
    assert item.district_id is not None
    staff_login(make_staff("TANESCO"))
    page = client.get(f"/staff/feedback/{item.id}").get_data(as_text=True)
    assert re.search(r'<dd id="place">[^<]*Kinondoni', page)
