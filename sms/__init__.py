"""The SMS channel: Africa's Talking webhooks, the command parser, the gateways and the
outbox worker. It turns messages into calls of the core (mrejesho.feedback) and sends what
the core queued; it never writes feedback rows itself."""
