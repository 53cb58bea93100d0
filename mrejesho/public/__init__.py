"""Citizen web channel: submit, receipt, track, rate."""
