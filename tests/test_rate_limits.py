"""Rate limits per real client: behind TRUSTED_PROXY_HOPS proxies the client is the address
the proxy forwards (X-Forwarded-For); without a trusted proxy that header is ignored.
Reference lookups (tracking, typed reference, receipt) are limited too."""
from __future__ import annotations

import pytest

from mrejesho import config, create_app, references
from tests.fake_at import post_delivery

PROXY = "10.0.0.5"  # the load balancer: every request reaches the app from it
SUBMISSIONS_PER_HOUR = 20


@pytest.fixture
def limited(app, backend):
    """limited(**settings): a client of an app with rate limits on (fresh memory counters)."""

    def build(**overrides):
        _name, _url, settings = backend
        limited_app = create_app({**settings, "RATELIMIT_ENABLED": True,
                                  "RATELIMIT_STORAGE_URI": "memory://", **overrides})
        return limited_app.test_client()

    return build


def submit(client, forwarded_for: str | None = None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    # An empty form (422) counts against the limit like a full one, and stores nothing.
    return client.post("/submit", data={}, headers=headers,
                       environ_base={"REMOTE_ADDR": PROXY})


def client_address(n: int) -> str:
    return f"41.59.{n // 250}.{n % 250 + 1}"


def test_behind_one_trusted_proxy_each_citizen_has_their_own_submission_budget(limited):
    client = limited(TRUSTED_PROXY_HOPS=1)
    codes = [submit(client, client_address(n)).status_code for n in range(45)]
    assert 429 not in codes and set(codes) == {422}
    # One citizen still meets the limit, the others are not affected by it.
    own = [submit(client, client_address(0)).status_code for _ in range(SUBMISSIONS_PER_HOUR)]
    assert own[: SUBMISSIONS_PER_HOUR - 1] == [422] * (SUBMISSIONS_PER_HOUR - 1)
    assert own[-1] == 429
    assert submit(client, client_address(1)).status_code == 422


def test_the_proxy_chain_is_read_from_the_right_a_forged_left_part_changes_nothing(limited):
    client = limited(TRUSTED_PROXY_HOPS=1)
    codes = [submit(client, f"1.2.3.{n}, {client_address(7)}").status_code
             for n in range(SUBMISSIONS_PER_HOUR + 1)]
    assert codes[-1] == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(limited):
    client = limited(TRUSTED_PROXY_HOPS=0)
    codes = [submit(client, client_address(n)).status_code for n in range(45)]
    assert codes[:SUBMISSIONS_PER_HOUR] == [422] * SUBMISSIONS_PER_HOUR
    assert set(codes[SUBMISSIONS_PER_HOUR:]) == {429}


@pytest.mark.parametrize("hops", ["-1", "two"])
def test_a_wrong_proxy_hop_count_refuses_to_start(backend, hops):
    _name, _url, settings = backend
    with pytest.raises(config.ConfigError, match="TRUSTED_PROXY_HOPS"):
        create_app({**settings, "TRUSTED_PROXY_HOPS": hops})


AT_ADDRESS = "196.201.214.200"


@pytest.mark.parametrize("hops,forwarded_for,allowed", [
    (1, AT_ADDRESS, True),     # Africa's Talking through the load balancer
    (1, "196.201.214.9", False),
    (0, AT_ADDRESS, False),    # no trusted proxy: anyone could write the header
])
def test_webhook_allow_list_checks_the_real_address(limited, hops, forwarded_for, allowed):
    client = limited(TRUSTED_PROXY_HOPS=hops, WEBHOOK_ALLOWED_IPS=[AT_ADDRESS])
    client.environ_base.update({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for})
    response = post_delivery(client, "ATXid_unknown", "Success")
    assert (response.status_code != 403) is allowed


def random_references(count: int) -> list[str]:
    found = []
    for n in range(count):
        digits = f"{123456000 + n:09d}"
        found.append(digits + references.check_digit(digits))
    return found


@pytest.mark.parametrize("path", ["/track/{}", "/track?ref={}", "/receipt/{}"])
def test_guessing_references_is_limited_per_client(limited, path):
    client = limited(TRUSTED_PROXY_HOPS=1)
    guesses = random_references(40)
    codes = [client.get(path.format(ref), environ_base={"REMOTE_ADDR": PROXY},
                        headers={"X-Forwarded-For": client_address(3)}).status_code
             for ref in guesses]
    assert 429 not in codes[:30] and set(codes[30:]) == {429}
    # Another citizen behind the same proxy can still look up their number.
    other = client.get(path.format(guesses[0]), environ_base={"REMOTE_ADDR": PROXY},
                       headers={"X-Forwarded-For": client_address(4)})
    assert other.status_code != 429


def test_tracking_page_typed_reference_and_receipt_share_one_budget(limited):
    client = limited()
    ref = random_references(1)[0]
    for n in range(30):
        client.get(["/track/{}", "/track?ref={}", "/receipt/{}"][n % 3].format(ref))
    assert client.get(f"/track/{ref}").status_code == 429
