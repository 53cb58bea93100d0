"""CSV export of the filtered queue: same rows as the queue, anonymity kept, formulas defused."""
import csv
import io

from mrejesho.staff.queue.export import HEADER
from tests.factories import make_feedback, make_staff


def submit(channel="web", **overrides):
    return make_feedback(channel=channel, **overrides)


def rows_of(response) -> list[dict]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # spreadsheets then read UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_export_follows_the_queue_filters(client, staff_login):
    staff_login(make_staff())
    sms = submit(channel="sms", body="Transformer imeungua")
    submit(channel="web", body="Nguzo imeanguka")
    response = client.get("/staff/export.csv?tab=all&channel=sms")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    assert "attachment;" in response.headers["Content-Disposition"]
    rows = rows_of(response)
    assert [row["reference"] for row in rows] == [sms.reference]
    assert list(rows[0]) == list(HEADER)
    assert rows[0]["institution"] == "TANESCO" and rows[0]["body"] == "Transformer imeungua"


def test_export_hides_anonymous_citizens(client, staff_login):
    staff_login(make_staff())
    submit(anonymous=True, name="Siri", email="siri@example.com")
    submit(name="Wazi Wazi")
    rows = {row["citizen_name"]: row for row in rows_of(client.get("/staff/export.csv"))}
    assert set(rows) == {"", "Wazi Wazi"}
    assert rows[""]["citizen_phone"] == "+255 *** *** 678"
    assert rows[""]["citizen_email"] == "" and rows[""]["anonymous"] == "yes"
    assert rows["Wazi Wazi"]["citizen_phone"] == "+255712345678"


def test_export_defuses_spreadsheet_formulas(client, staff_login):
    staff_login(make_staff())
    submit(subject="=HYPERLINK(\"http://x\")", body="@SUM(A1) hii ni hatari")
    [row] = rows_of(client.get("/staff/export.csv"))
    assert row["subject"].startswith("'=") and row["body"].startswith("'@")
