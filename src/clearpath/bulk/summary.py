"""Summary figures of a run, accumulated batch by batch (batches never split a person, so per-batch counts of
people add up) and combined once at the end."""

from __future__ import annotations

from typing import Any

import polars as pl

from clearpath.bulk.process import STATUS_RANK, BatchOutput

C = pl.col
LEADING = [*STATUS_RANK, "no_remedy"]
# People "helped": at least one conviction with relief available now or on a known later date.
HELPED = ["eligible", "eligible_later"]


class Summary:
    def __init__(self) -> None:
        self._parts: dict[str, list[pl.DataFrame]] = {k: [] for k in (
            "remedy", "offense", "county", "race", "age_band", "sex", "policy", "questions")}

    def add(self, out: BatchOutput) -> None:
        d, cv, p = out.determinations, out.convictions, out.persons
        self._parts["remedy"].append(d.group_by("remedy", "status").agg(n=pl.len()))
        # What would settle the open questions: grouped by the (few) distinct question lists, split at the end.
        self._parts["questions"].append(
            d.filter(C("status") == "needs_info").group_by("questions").agg(n=pl.len()))
        section = C("offense").str.replace(r"\(.*$", "")
        self._parts["offense"].append(_by(cv.with_columns(offense_section=section), "offense_section"))
        self._parts["county"].append(_by(cv, "county"))
        people = p.with_columns(
            helped=(C("eligible") + C("eligible_later")) > 0,
            with_conviction=C("convictions") > 0,
        )
        for key in ("race", "age_band", "sex"):
            self._parts[key].append(people.group_by(key).agg(
                people=pl.len(), with_conviction=C("with_conviction").sum(), helped=C("helped").sum(),
                all_clear=(C("all_convictions_clear") & C("with_conviction")).sum()))
        # Policy codes are rare: find the rows that carry one before splitting any reasons.
        reasons = d.filter(C("reasons").str.contains("policy", literal=True)).select(
            code=C("reasons").str.split("; ")).explode("code").filter(C("code").str.starts_with("policy"))
        self._parts["policy"].append(reasons.group_by("code").agg(n=pl.len()))

    def figures(self) -> dict[str, Any]:
        def total(key: str, by: list[str]) -> pl.DataFrame:
            parts = [f for f in self._parts[key] if f.height]
            if not parts:
                return pl.DataFrame()
            frame = pl.concat(parts, how="vertical_relaxed")
            sums = [C(c).sum() for c in frame.columns if c not in by]
            return frame.group_by(by).agg(sums).sort(by, nulls_last=True)

        remedy = total("remedy", ["remedy", "status"])
        by_remedy: dict[str, dict[str, int]] = {}
        for r, s, n in remedy.iter_rows() if remedy.height else []:
            by_remedy.setdefault(r, {})[s] = n
        offense = total("offense", ["offense_section"])
        if offense.height:
            offense = offense.sort(["convictions", "offense_section"], descending=[True, False])
        policy = total("policy", ["code"])
        asked: dict[str, int] = {}
        for questions, n in total("questions", ["questions"]).iter_rows() if self._parts["questions"] else []:
            for fact in (questions or "").split("; "):
                if fact:
                    asked[fact] = asked.get(fact, 0) + n
        return {
            "convictions_by_leading_status": _leading(total("county", ["county"])),
            "determinations_by_remedy": by_remedy,
            "by_offense": _rows(offense.head(50), "offense_section"),
            "by_county": _rows(total("county", ["county"]), "county"),
            "by_race": _rows(total("race", ["race"]), "race"),
            "by_age_band": _rows(total("age_band", ["age_band"]), "age_band"),
            "by_sex": _rows(total("sex", ["sex"]), "sex"),
            "policy_rules_fired": dict(policy.iter_rows()) if policy.height else {},
            # needs_info determinations each fact would help settle, most asked first
            "open_questions": dict(sorted(asked.items(), key=lambda kv: (-kv[1], kv[0]))),
        }


def _by(convictions: pl.DataFrame, key: str) -> pl.DataFrame:
    return convictions.group_by(key).agg(
        convictions=pl.len(),
        people=C("person_id").n_unique(),
        people_helped=C("person_id").filter(C("status").is_in(HELPED)).n_unique(),
        **{s: (C("status") == s).sum() for s in LEADING},
    )


def _leading(county: pl.DataFrame) -> dict[str, int]:
    if not county.height:
        return dict.fromkeys(LEADING, 0)
    return {s: int(county.get_column(s).sum()) for s in LEADING}


def _rows(frame: pl.DataFrame, key: str) -> list[dict[str, Any]]:
    if not frame.height:
        return []
    return [{**row, key: row[key] if row[key] is not None else "unknown"} for row in frame.iter_rows(named=True)]
