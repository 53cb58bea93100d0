"""Who may read /metrics: a bearer token (METRICS_TOKEN) or an address in METRICS_ALLOWED_IPS
(addresses or networks; the client's real address behind TRUSTED_PROXY_HOPS). With neither
set, development answers the machine itself and production answers nobody."""
from __future__ import annotations

import hmac
import ipaddress

from flask import current_app, jsonify, request

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


def networks(text: str | list) -> list:
    """The allowed networks from "10.0.0.5, 10.1.0.0/16" (a bad entry is a ConfigError)."""
    from ..config import ConfigError

    items = text.split(",") if isinstance(text, str) else text
    try:
        return [ipaddress.ip_network(item.strip(), strict=False)
                for item in items if item.strip()]
    except ValueError as error:
        raise ConfigError(f"METRICS_ALLOWED_IPS: {error}") from error


def _address():
    try:
        return ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return None


def _token_matches(token: str) -> bool:
    given = request.headers.get("Authorization", "")
    scheme, _, value = given.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(),
                                                              token.encode())


def refusal():
    """None when the request may read the metrics, else the answer that refuses it."""
    config = current_app.config
    token = config.get("METRICS_TOKEN") or ""
    allowed = networks(config.get("METRICS_ALLOWED_IPS") or [])
    address = _address()
    if token and _token_matches(token):
        return None
    if allowed and address is not None and any(address in net for net in allowed):
        return None
    if not token and not allowed:
        if config.get("MREJESHO_ENV") != "production" and address is not None and any(
                address in net for net in LOOPBACK):
            return None
        return jsonify(error="metrics_not_configured"), 404
    if token:
        answer = jsonify(error="unauthorized")
        answer.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return answer, 401
    return jsonify(error="forbidden"), 403
