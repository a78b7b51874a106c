"""Every code a rule can emit is documented, and every question it asks has a text."""

import datetime as dt

from clearpath.law.context import Ctx


def test_rules_only_emit_documented_codes(pack) -> None:
    ctx = Ctx(as_of=dt.date(2026, 3, 1), tables=pack.tables)
    for remedy in pack.remedies:
        rule = remedy.build(ctx)
        documented = {r.code for r in remedy.reasons}
        emitted = {c.code for c in rule.checks} | {w.code for w in rule.waits} | {n.code for n in rule.notes}
        assert emitted <= documented, f"{remedy.remedy}: undocumented {emitted - documented}"
        asked = {f for c in rule.checks for f in c.asks} | {f for w in rule.waits for f in w.asks}
        asked |= {a.fact for a in rule.asks}
        assert asked <= set(pack.facts), f"{remedy.remedy}: no question text for {asked - set(pack.facts)}"


def test_rules_read_only_existing_tables(pack) -> None:
    import inspect

    import clearpath.law.ca.derive as derive_mod
    import clearpath.law.ca.remedies as remedies_pkg

    names = set(pack.tables.tables)
    sources = [inspect.getsource(derive_mod)]
    for mod in remedies_pkg.__dict__.values():
        if inspect.ismodule(mod):
            sources.append(inspect.getsource(mod))
    import re

    for src in sources:
        for used in re.findall(r'in_table\("([a-z0-9_]+)"\)', src):
            assert used in names, f"rule reads missing table {used}"
