"""In the browser, static/js/upload.js refuses a photo over the limit before the form is sent,
beside the attachment field, and keeps what the citizen typed."""
import pytest

from mrejesho.models import Feedback

pytestmark = pytest.mark.e2e


def test_a_photo_over_the_limit_is_refused_in_the_browser_before_sending(live_server, page, db,
                                                                         tmp_path):
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * (8 * 1024 * 1024))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server + "/submit")
    page.get_by_label("Lalamiko").check()
    page.get_by_label("Ujumbe wako").fill("Mita yangu inasoma vibaya tangu mwezi uliopita.")
    page.locator("#attachment").set_input_files(str(photo))
    assert page.locator("#attachment-error").inner_text() == "Kiambatisho kisizidi MB 5."
    assert page.locator("#attachment").input_value() == ""  # nothing too big is sent
    assert page.locator("#attachment").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Ujumbe wako").input_value().startswith("Mita yangu")
    page.get_by_role("button", name="Wasilisha").click()  # sends the form without the file
    assert page.locator(".reference").get_attribute("data-reference")
    assert db.session.scalars(db.select(Feedback)).one().attachment_path is None
