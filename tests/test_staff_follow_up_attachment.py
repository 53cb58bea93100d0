"""A file the citizen sends with a follow-up opens from the case timeline, for staff who may
see the feedback only: another institution's officer, or a file of another feedback, is 404."""
from mrejesho import feedback as core
from mrejesho.extensions import db as _db
from mrejesho.public import attachments
from tests.factories import make_feedback, make_staff

PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 64


def answered_with_photo(institution="DAWASA") -> tuple[int, str]:
    """A feedback whose citizen followed up with a photo (a second follow-up with the first's
    attachment already on the feedback, so only the event names it); (id, stored name)."""
    item = make_feedback(institution=institution)
    first = attachments.store(PHOTO, "image/jpeg", "mita.jpg")
    core.follow_up(item, "Picha ya kwanza.", channel="web", attachment=first)
    stored = attachments.store(PHOTO + b"\x02", "image/jpeg", "mita-2.jpg")
    core.follow_up(item, "Picha ya mita.", channel="web", attachment=stored)
    _db.session.commit()
    return item.id, stored["path"]


def test_officer_opens_the_follow_up_photo_from_the_timeline(client, db, staff_login):
    item_id, name = answered_with_photo()
    staff_login(make_staff("DAWASA"))
    page = client.get(f"/staff/feedback/{item_id}").get_data(as_text=True)
    url = f"/staff/feedback/{item_id}/follow-up/{name}"
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response.data == PHOTO + b"\x02"
    assert response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_another_institutions_officer_gets_404_for_a_follow_up_photo(client, db, staff_login):
    item_id, name = answered_with_photo("DAWASA")
    staff_login(make_staff("TANESCO"))
    assert client.get(f"/staff/feedback/{item_id}/follow-up/{name}").status_code == 404


def test_a_file_not_sent_with_this_feedback_is_404(client, db, staff_login):
    mine = make_feedback(institution="DAWASA")
    _other_id, name = answered_with_photo("DAWASA")
    staff_login(make_staff("DAWASA"))
    assert client.get(f"/staff/feedback/{mine.id}/follow-up/{name}").status_code == 404
    assert client.get(f"/staff/feedback/{mine.id}/follow-up/..%2Fsecret.jpg").status_code == 404
