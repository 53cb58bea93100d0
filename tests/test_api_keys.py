"""Institution API keys: shown once, stored hashed, revocable, last use recorded sparingly."""
import hashlib

from mrejesho import routing
from mrejesho.api import keys
from mrejesho.extensions import db
from mrejesho.models import ApiKey
from tests.factories import make_staff


def test_create_returns_the_raw_key_once_and_stores_only_its_hash(app):
    manager = make_staff("TANESCO", "manager")
    key, raw = keys.create(routing.by_code("TANESCO"), " Customer care ", manager)
    db.session.commit()
    stored = db.session.get(ApiKey, key.id)
    assert raw.startswith("mrj_") and len(raw) > 40
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in (stored.key_hash, stored.prefix) and raw.startswith(stored.prefix)
    assert stored.name == "Customer care" and stored.created_by_id == manager.id
    assert keys.authenticate(raw).id == key.id


def test_unknown_malformed_and_revoked_keys_do_not_authenticate(app):
    manager = make_staff("TANESCO", "manager")
    key, raw = keys.create(routing.by_code("TANESCO"), "desk", manager)
    db.session.commit()
    for bad in (None, "", "mrj_nope", raw[:-1], "x" * 500, raw + "x"):
        assert keys.authenticate(bad) is None
    keys.revoke(key, manager)
    db.session.commit()
    assert keys.authenticate(raw) is None
    assert db.session.get(ApiKey, key.id).revoked_at is not None


def test_last_used_is_written_at_most_once_a_minute(app, clock):
    manager = make_staff("TANESCO", "manager")
    key, raw = keys.create(routing.by_code("TANESCO"), "desk", manager)
    db.session.commit()
    keys.authenticate(raw)
    db.session.commit()
    first = db.session.get(ApiKey, key.id).last_used_at
    assert first is not None
    clock.advance(seconds=30)
    keys.authenticate(raw)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ApiKey, key.id).last_used_at == first
    clock.advance(seconds=31)
    keys.authenticate(raw)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ApiKey, key.id).last_used_at > first
