"""The soak (make soak, docs/soak.md): the whole system under load and faults, and the
proof afterwards that nothing acknowledged was lost or duplicated."""
