"""The USSD channel: Africa's Talking posts each step of a session to /ussd.

menu.py is the pure state machine (state + input -> screen + new state + action),
screens.py lays screens out within 160 GSM characters, texts.py holds every word in both
languages, catalog.py caches the institution lists, sessions.py stores session rows,
actions.py performs what the menu asks of the core, webhooks.py is the HTTP endpoint.
"""
