"""DA policy profiles: validated YAML whose rules change outcomes only through named, reported criteria."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.conftest import ROOT

from clearpath.bulk import run_bulk
from clearpath.bulk.policy import PolicyError, load_policy
from clearpath.law.ca import california

AS_OF = date(2026, 11, 22)
EXAMPLE = ROOT / "src/clearpath/examples/policies/prop64-example.yaml"


def _record(pid: str, dob: str | None, counts: list[dict[str, Any]], **person: Any) -> dict[str, Any]:
    return {"format": "clearpath-record/1",
            "person": {"id": pid, "dob": dob, "pending_case": False, "serving_sentence": False,
                       "registration_290_required": False, **person},
            "cases": [{"id": f"{pid}-c{i}", "county": "Sacramento", "counts": [c]} for i, c in enumerate(counts)]}


def _count(offense: str, when: str, level: str = "felony") -> dict[str, Any]:
    return {"id": "1", "offense": offense, "offense_date": when, "disposition": "convicted", "disposition_date": when,
            "conviction_level": level, "charged_level": level,
            "sentence": {"probation_granted": True, "probation_months": 36, "probation_violation": False,
                         "sentence_completed": True, "prison": False}}


PEOPLE = [
    _record("old", "1960-02-01", [_count("HS 11359", "2010-08-20"), _count("PC 459", "2020-01-05")]),
    _record("young-clean", "1990-02-01", [_count("HS 11359", "2012-08-20"), _count("PC 484", "2013-03-01",
                                                                                   "misdemeanor")]),
    _record("young-recent", "1990-02-01", [_count("HS 11359", "2012-08-20"), _count("PC 459", "2021-01-05")]),
    _record("no-dob", None, [_count("HS 11359", "2012-08-20"), _count("PC 459", "2021-01-05")]),
    _record("cannabis-only", "1995-05-05", [_count("HS 11359", "2016-10-01"), _count("HS 11360(a)", "2016-10-20")]),
    _record("dead", "1992-05-05", [_count("HS 11359", "2015-01-10"), _count("PC 459", "2021-01-05")], deceased=True),
]


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    folder = tmp_path_factory.mktemp("policy")
    src = folder / "people.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in PEOPLE))
    run_bulk([src], AS_OF, folder / "out", policy=EXAMPLE, remedies=["HS 11361.8", "PC 1203.4"])
    return pl.read_parquet(folder / "out/determinations.parquet")


def _row(frame: pl.DataFrame, person: str, offense: str, remedy: str = "HS 11361.8") -> dict[str, Any]:
    rows = frame.filter((pl.col("person_id") == person) & (pl.col("offense") == offense)
                        & (pl.col("remedy") == remedy)).to_dicts()
    assert len(rows) == 1, (person, offense, rows)
    return rows[0]


def test_the_statute_answer_is_kept_and_the_policy_is_added(ran: pl.DataFrame) -> None:
    old = _row(ran, "old", "HS 11359")
    assert old["status"] == "eligible" and old["relief"] == "reduction_to_misdemeanor"  # what the statute gives
    assert old["policy_relief"] == "dismissal_and_sealing"  # what the office will ask for
    assert "policy:over-50" in old["reasons"].split("; ")


def test_each_criterion_fires_only_when_it_holds(ran: pl.DataFrame) -> None:
    clean = _row(ran, "young-clean", "HS 11359")
    assert clean["policy_relief"] == "dismissal_and_sealing"
    assert "policy:clean-10-years" in clean["reasons"] and "policy:over-50" not in clean["reasons"]
    recent = _row(ran, "young-recent", "HS 11359")
    assert recent["policy_relief"] is None and "policy" not in recent["reasons"]
    only = _row(ran, "cannabis-only", "HS 11359")
    assert only["reasons"].split("; ")[-1] == "policy:cannabis-only"  # the only rule that holds
    assert only["policy_relief"] == "dismissal_and_sealing"
    dead = _row(ran, "dead", "HS 11359")
    assert [c for c in dead["reasons"].split("; ") if c.startswith("policy")] == ["policy:deceased"]


def test_an_undecidable_criterion_is_reported_not_applied(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text("format: clearpath-policy/1\nname: Review older people\nrules:\n"
                      " - {id: older, description: Look at people 50 or older by hand., statuses: [eligible,"
                      " eligible_later, needs_info, not_eligible], when: {age_at_least: 50}, then: {review: true}}\n")
    src = tmp_path / "people.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in PEOPLE))
    run_bulk([src], AS_OF, tmp_path / "out", policy=policy, remedies=["HS 11361.8"])
    dets = pl.read_parquet(tmp_path / "out/determinations.parquet")
    no_dob = _row(dets, "no-dob", "HS 11359")
    assert "policy_unknown:older" in no_dob["reasons"] and "policy:older;" not in no_dob["reasons"] + ";"
    assert no_dob["review"] is False
    old = _row(dets, "old", "HS 11359")
    assert old["review"] is True and old["reasons"].endswith("policy:older")
    codes = pl.read_csv(tmp_path / "out/reasons.csv")
    assert "policy_unknown:older" in codes["code"].to_list()


def test_routing_and_review(ran: pl.DataFrame) -> None:
    misd = _row(ran, "young-clean", "PC 484", remedy="PC 1203.4")
    if misd["status"] in ("eligible", "eligible_later"):
        assert misd["route"] == "city_attorney" and "policy:misdemeanors-to-city-attorney" in misd["reasons"]
    sale = _row(ran, "cannabis-only", "HS 11360(a)")
    assert sale["review"] is True and "policy:review-sales" in sale["reasons"]
    assert not ran.filter(pl.col("remedy") == "PC 1203.4", pl.col("reasons").str.contains("review-sales")).height


def test_without_a_policy_no_policy_column_is_set(tmp_path: Path) -> None:
    src = tmp_path / "people.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in PEOPLE))
    run_bulk([src], AS_OF, tmp_path / "out")
    dets = pl.read_parquet(tmp_path / "out/determinations.parquet")
    assert dets["policy_relief"].null_count() == dets.height and not dets["review"].any()
    assert not dets["reasons"].str.contains("policy").any()


@pytest.mark.parametrize(("text", "message"), [
    ("format: clearpath-policy/1\nname: x\nrules: []\n", "rules"),
    ("format: clearpath-policy/2\nname: x\nrules: []\n", "format"),
    ("format: clearpath-policy/1\nname: x\nrules:\n - {id: a, description: d, when: {}, then: {review: true}}\n",
     "at least one criterion"),
    ("format: clearpath-policy/1\nname: x\nrules:\n - {id: a, description: d, when: {age_at_least: 5},"
     " then: {}}\n", "needs an action"),
    ("format: clearpath-policy/1\nname: x\nrules:\n - {id: a, description: d, when: {age_at_leest: 5},"
     " then: {review: true}}\n", "age_at_leest"),
    ("format: clearpath-policy/1\nname: x\nrules:\n - {id: a, description: d, when: {age_at_least: 5},"
     " then: {relief: pardon}}\n", "not one of"),
    ("format: clearpath-policy/1\nname: x\nrules:\n - {id: a, description: d, remedies: [PC 9], when: "
     "{age_at_least: 5}, then: {review: true}}\n", "unknown remedy PC 9"),
    ("format: [unclosed\n", "not YAML"),
])
def test_invalid_profiles_are_refused_with_the_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text)
    with pytest.raises(PolicyError, match=message) as info:
        load_policy(path, california())
    assert str(path) in str(info.value)


def test_the_example_profile_is_valid() -> None:
    policy = load_policy(EXAMPLE, california())
    assert len(policy.rules) == 6
