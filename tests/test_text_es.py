"""The Spanish texts of the California pack (law/ca/text_es.yaml): complete, current, and faithful in form.

Each English text of the pack (reasons, questions, effects, plan phrases) has a Spanish text; the Spanish
keeps the English's placeholders, statute citations, form numbers, case names and numbers; nothing in the
file refers to a text the pack no longer has.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from clearpath.law.ca import california
from clearpath.law.ca import text_i18n as t
from clearpath.law.ca.plan import effects

ROOT = Path(__file__).resolve().parents[1]
PLAN_PY = ROOT / "src" / "clearpath" / "law" / "ca" / "plan.py"

CITATION = re.compile(r"\b(?:PC|HS|WIC|VC|LC|GC|B&P)\s\d+(?:\.\d+)*[a-z]?(?:\([0-9a-zA-Z]+\))*"
                      r"|\b(?:CR|JV|FW|MC)-\d+|\bPeople v\. [A-Z]\w+")
NUMBER = re.compile(r"\d+(?:\.\d+)*[a-z]?(?:\([0-9a-zA-Z]+\))*")


def plan_phrases() -> set[str]:
    """The fixed phrases plan.py writes: warnings appended, courts returned ({name} for an f-string part)."""
    def text(node: ast.expr) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return text(node.body) + text(node.orelse)
        if isinstance(node, ast.JoinedStr):
            out = ""
            for v in node.values:
                if isinstance(v, ast.Constant):
                    out += str(v.value)
                else:
                    assert isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name)
                    out += "{" + v.value.id + "}"
            return [out]
        return []

    found: set[str] = set()
    for node in ast.walk(ast.parse(PLAN_PY.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append":
            for a in node.args:
                found.update(text(a))
        if isinstance(node, ast.FunctionDef) and node.name == "_court":
            for ret in ast.walk(node):
                if isinstance(ret, ast.Return) and ret.value is not None:
                    found.update(text(ret.value))
    return found


def pairs() -> Iterator[tuple[str, str, str | None]]:
    """(where, English, Spanish) for every text the Spanish pages show."""
    pack = california()
    for r in pack.remedies:
        for reason in r.reasons:
            yield f"reason {r.remedy} {reason.code}", reason.text, t.find_reason(r.remedy, reason.code, "es")
    for fact, f in pack.facts.items():
        yield f"question {fact}", f.text, t.find_question(fact, "es")
    for remedy, fx in effects().items():
        yield f"action {remedy}", fx.action, t.find_effect(remedy, fx.action, "es")
        for e in (*fx.gains, *fx.limits):
            yield f"effect {remedy}", e.text, t.find_effect(remedy, e.text, "es")
    for phrase in plan_phrases():
        es = t.raw("es")["plan"].get(phrase)
        yield f"plan {phrase!r}", phrase, es


PAIRS = list(pairs())


def test_every_text_has_a_spanish_text() -> None:
    missing = [where for where, _en, es in PAIRS if not es]
    assert not missing, missing
    untranslated = [where for where, en, es in PAIRS if es == en]
    assert not untranslated, untranslated


@pytest.mark.parametrize(("where", "en", "es"), PAIRS, ids=[p[0] for p in PAIRS])
def test_spanish_keeps_placeholders_citations_and_numbers(where: str, en: str, es: str | None) -> None:
    assert es is not None
    assert sorted(t.PLACEHOLDER.findall(es)) == sorted(t.PLACEHOLDER.findall(en))
    for c in CITATION.findall(en):
        assert c in es, f"{where}: citation {c!r} missing"
    for n in NUMBER.findall(en):
        assert n in es, f"{where}: {n!r} missing"


def test_the_counts_mirror_the_english() -> None:
    pack = california()
    data = t.raw("es")
    # reasons: no stale code, a per-remedy text only where the English differs by remedy
    codes = {reason.code for r in pack.remedies for reason in r.reasons}
    assert set(data["reasons"]) == codes
    for code, entry in data["reasons"].items():
        by_text: dict[str, set[str]] = {}
        for r in pack.remedies:
            for reason in r.reasons:
                if reason.code == code:
                    by_text.setdefault(reason.text, set()).add(t.find_reason(r.remedy, code, "es") or "")
        # one Spanish text for each English text, and different English texts stay different
        assert all(len(es) == 1 for es in by_text.values()), code
        assert len({next(iter(es)) for es in by_text.values()}) == len(by_text), code
        if isinstance(entry, dict):
            assert set(entry) - {"default"} <= {r.remedy for r in pack.remedies}, code
    assert set(data["questions"]) == set(pack.facts)
    fx = effects()
    assert set(data["effects"]) == set(fx)
    for remedy, es in data["effects"].items():
        assert len(es["gains"]) == len(fx[remedy].gains), remedy
        assert len(es["limits"]) == len(fx[remedy].limits), remedy
    assert set(data["plan"]) == plan_phrases()


def test_lookups_fall_back_to_english() -> None:
    r = california().remedy("PC 1203.4")
    code = r.reasons[0].code
    assert t.reason_text("PC 1203.4", code, "en") == r.reasons[0].text
    assert t.reason_text("PC 1203.4", code, "fr") == r.reasons[0].text
    assert t.reason_text("PC 1203.4", code, "es") != r.reasons[0].text
    assert t.reason_text("PC 1203.4", code, "es-MX") == t.reason_text("PC 1203.4", code, "es")
    assert t.find_reason("PC 1203.4", "no_such_code", "es") is None
    assert t.reason_text("PC 1203.4", "no_such_code", "es", english="X") == "X"
    assert t.question_text("person.dob", "en") == california().facts["person.dob"].text
    assert t.question_text("person.dob", "es").startswith("¿")
    assert t.plan_text("Some new phrase.", "es") == "Some new phrase."
    fx = t.effects_text("PC 1203.4", "es")
    assert len(fx.gains) == len(effects()["PC 1203.4"].gains)
    assert t.effects_text("PC 1203.4", "en").action == effects()["PC 1203.4"].action


def test_variable_plan_phrases_carry_their_values() -> None:
    assert t.plan_text("the Superior Court of San Luis Obispo County", "es") == \
        "la Corte Superior del Condado de San Luis Obispo"
    assert t.plan_text("the Superior Court of San Luis Obispo County", "en") == \
        "the Superior Court of San Luis Obispo County"


def test_remedy_specific_reason_texts() -> None:
    auto = t.reason_text("PC 1203.425", "pending_case", "es")
    petition = t.reason_text("PC 1203.4", "pending_case", "es")
    assert auto != petition and "automático" in auto


def test_the_spanish_file_is_package_data() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "law/ca/text_es.yaml" in data["tool"]["setuptools"]["package-data"]["clearpath"]
