"""Retention of personal data (issue 15): what is kept, for how long, and its removal.

policy: each item's period and which items are due; scrub: anonymising one item in every
table (shared with a citizen's erasure request, mrejesho.rights); job: the run itself,
scheduled by the SMS worker and run by `flask retention run [--dry-run]` (cli).
See docs/privacy.md.
"""
