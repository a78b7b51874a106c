"""The relief plan: order, dates, courts, warnings (issue: relief plan)."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearpath.check import check
from clearpath.cli import main
from clearpath.law.ca.plan import build_plan, effects
from clearpath.records.model import Record
from conftest import ROOT, d, make_record
from strategies import records

AS_OF = d("2026-03-01")


def plan_for(record: Record, as_of: dt.date = AS_OF, goals: frozenset[str] = frozenset()):  # type: ignore[no-untyped-def]
    pack = __import__("clearpath.law.ca", fromlist=["california"]).california()
    return build_plan(record, check(record, as_of, pack), pack, goals)


def test_every_remedy_has_effects(pack) -> None:
    fx = effects()
    for r in pack.remedies:
        assert r.remedy in fx, f"{r.remedy} has no plain-language effects"
        assert fx[r.remedy].action


def prop64_then_misdemeanor() -> Record:
    return make_record([
        {"id": "1", "offense": "HS 11359", "offense_date": "2010-03-02", "disposition": "convicted",
         "disposition_date": "2010-08-20", "conviction_level": "felony",
         "sentence": {"probation_granted": True, "probation_end_date": "2013-08-20",
                      "probation_violation": False, "sentence_completed": True}},
        {"id": "2", "offense": "PC 647(f)", "offense_date": "2025-01-02", "disposition": "convicted",
         "disposition_date": "2025-06-01", "conviction_level": "misdemeanor",
         "sentence": {"probation_granted": False, "sentence_completed": True}},
    ])


def test_prop64_felony_and_later_misdemeanor() -> None:
    plan = plan_for(prop64_then_misdemeanor())
    steps = {(s.remedy, s.count_ids[0]): s for s in plan.steps}
    p64 = steps[("HS 11361.8", "1")]
    dismissal = steps[("PC 1203.4", "1")]
    later = steps[("PC 1203.4a", "2")]
    # Reclassify before dismissing the same conviction.
    assert p64.step < dismissal.step and p64.step in dismissal.after
    assert p64.status == "eligible" and p64.earliest_date == AS_OF
    assert p64.court == "the Superior Court of Sacramento County"
    assert "CR-400" in p64.forms
    # The misdemeanor waits one year from judgment.
    assert later.status == "eligible_later" and later.earliest_date == d("2026-06-01")
    assert any("employers" in g.text for g in dismissal.gains)
    assert any("Firearm" in x.text for x in dismissal.limits)


def test_prop64_dismissal_and_sealing_replaces_a_separate_dismissal() -> None:
    rec = make_record([
        {"id": "1", "offense": "HS 11357(b)", "offense_date": "2012-03-02", "disposition": "convicted",
         "disposition_date": "2012-04-01", "conviction_level": "misdemeanor",
         "circumstances": {"cannabis_within_personal_limit": True},
         "sentence": {"probation_granted": True, "probation_end_date": "2013-04-01",
                      "probation_violation": False, "sentence_completed": True}},
    ], dob="1980-01-01")
    plan = plan_for(rec)
    remedies = [s.remedy for s in plan.steps]
    assert "HS 11361.8" in remedies
    assert plan.steps[0].relief == "dismissal_and_sealing"
    assert "PC 1203.4" not in remedies


def wobbler_felony() -> Record:
    return make_record([
        {"id": "1", "offense": "PC 487(a)", "offense_date": "2016-02-02", "disposition": "convicted",
         "disposition_date": "2016-05-05", "conviction_level": "felony", "value_usd": 3000,
         "sentence": {"probation_granted": True, "probation_end_date": "2019-05-05",
                      "probation_violation": False, "prison": False, "county_jail_1170h": False,
                      "sentence_completed": True}},
    ])


def test_wobbler_felony_with_a_certificate_goal_is_warned() -> None:
    plain = plan_for(wobbler_felony())
    with_goal = plan_for(wobbler_felony(), goals=frozenset({"certificate"}))
    step = next(s for s in with_goal.steps if s.remedy == "PC 17(b)")
    assert any("Certificate of Rehabilitation" in w for w in step.warnings)
    assert with_goal.goals == ["certificate"]
    assert any(s.remedy == "PC 17(b)" for s in plain.steps)


def test_person_still_on_probation_waits_for_its_end() -> None:
    rec = make_record([
        {"id": "1", "offense": "PC 488", "offense_date": "2024-01-01", "disposition": "convicted",
         "disposition_date": "2024-03-01", "conviction_level": "misdemeanor",
         "sentence": {"probation_granted": True, "probation_end_date": "2027-03-01",
                      "probation_violation": False}},
    ], serving_sentence=True)
    plan = plan_for(rec)
    step = next(s for s in plan.steps if s.remedy == "PC 1203.4")
    assert step.status == "eligible_later"
    assert step.earliest_date == d("2027-03-01")


def test_person_required_to_register_gets_no_bar_free_steps() -> None:
    rec = make_record([
        {"id": "1", "offense": "PC 647.6", "offense_date": "2005-01-01", "disposition": "convicted",
         "disposition_date": "2005-06-01", "conviction_level": "misdemeanor",
         "sentence": {"probation_granted": True, "probation_end_date": "2008-06-01",
                      "probation_violation": False}},
        {"id": "2", "offense": "HS 11377(a)", "offense_date": "2012-01-01", "disposition": "convicted",
         "disposition_date": "2012-03-01", "conviction_level": "felony",
         "sentence": {"probation_granted": True, "probation_end_date": "2014-03-01",
                      "probation_violation": False, "sentence_completed": True}},
    ], registration_290_required=True)
    plan = plan_for(rec)
    remedies = {(s.remedy, s.count_ids[0]) for s in plan.steps}
    # A 290(c) conviction on the record disqualifies Prop 47 (PC 1170.18(i)).
    assert ("PC 1170.18", "2") not in remedies
    # Dismissal of the registrable misdemeanor is still a petition (registration itself continues).
    assert ("PC 1203.4", "1") in remedies


def test_plan_cli_and_check_json_section() -> None:
    example = str(ROOT / "src" / "clearpath" / "examples" / "example-person.json")
    runner = CliRunner()
    out = runner.invoke(main, ["plan", example, "--as-of", "2026-03-01", "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert [s["step"] for s in doc["steps"]] == list(range(1, len(doc["steps"]) + 1))
    checked = json.loads(runner.invoke(main, ["check", example, "--as-of", "2026-03-01", "--format", "json"]).stdout)
    assert checked["plan"]["steps"] == doc["steps"]
    text = runner.invoke(main, ["plan", example, "--as-of", "2026-03-01"]).stdout
    assert "1. [now]" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(), st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 1, 1)))
def test_plan_never_offers_what_the_law_does_not(record: Record, as_of: dt.date) -> None:
    from clearpath.law.ca import california

    pack = california()
    result = check(record, as_of, pack)
    plan = build_plan(record, result, pack)
    dets = {(x.remedy, x.case_id, x.count_ids[0]): x for x in result.determinations}
    for s in plan.steps:
        det = dets[(s.remedy, s.case_id, s.count_ids[0])]
        assert det.status not in ("not_eligible", "already_granted")
        if s.earliest_date is not None:
            assert s.earliest_date >= as_of
            if det.eligible_on is not None:
                assert s.earliest_date >= det.eligible_on
        for prev in s.after:
            assert prev < s.step


def test_arrest_only_record_automatic_first_then_petition() -> None:
    rec = make_record([{"id": "1", "offense": "PC 242", "charged_level": "misdemeanor",
                        "disposition": "prosecution_declined", "offense_date": "2023-02-01"}])
    rec = rec.model_copy(update={"cases": [rec.cases[0].model_copy(
        update={"arrest_date": d("2023-02-01"), "charges_filed": False})]})
    plan = plan_for(rec)
    remedies = [s.remedy for s in plan.steps]
    assert "PC 851.93" in remedies
    auto = next(s for s in plan.steps if s.remedy == "PC 851.93")
    assert auto.automatic and auto.status == "eligible"
    petition = next((s for s in plan.steps if s.remedy == "PC 851.91"), None)
    if petition is not None:
        assert petition.fallback_for == auto.step
        assert petition.step > auto.step
    assert not any(s.remedy.startswith("PC 1203") for s in plan.steps)


def test_automatic_dismissal_before_its_fallback_petition() -> None:
    plan = plan_for(wobbler_felony())
    auto = next(s for s in plan.steps if s.remedy == "PC 1203.425")
    petition = next(s for s in plan.steps if s.remedy == "PC 1203.4")
    assert auto.automatic and petition.fallback_for == auto.step and petition.step > auto.step
