"""The phone simulator: try USSD and SMS against the running app, through its real webhooks."""
