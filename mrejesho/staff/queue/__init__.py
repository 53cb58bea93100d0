"""The queue: its page with tabs, filters and counts, the CSV export, and the managers'
banner about late work."""
