"""The California pack's texts in other languages, for display: reasons, questions, plan effects and phrases.

The English in the pack (reasons, ``facts.py``, ``effects.yaml``, ``plan.py``) is the source and the
contract: the JSON API and the CLI always give it. A translation lives as reviewable data beside it
(``text_es.yaml``) and is looked up here by key. Every ``*_text`` function falls back to the English when
a language or a text is missing; every ``find_*`` function answers ``None`` instead, for callers that mark
English left on a page in another language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from clearpath.law.ca import california
from clearpath.law.ca.plan import effects

HERE = Path(__file__).parent
FILES = {"es": HERE / "text_es.yaml"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def language(lang: str | None) -> str:
    """``es-mx`` / ``ES`` -> ``es``; ``None`` -> ``en``."""
    return (lang or "en").split("-")[0].split("_")[0].lower()


@dataclass(frozen=True)
class _Texts:
    reasons: dict[str, str | dict[str, str]]
    questions: dict[str, str]
    effects: dict[tuple[str, str], str]  # (remedy, English action/gain/limit) -> translation
    plan: tuple[tuple[re.Pattern[str], str], ...]  # English phrase as a pattern -> translation template


@cache
def raw(lang: str) -> dict[str, Any]:
    """The translation file's data as written (empty for English or an unknown language)."""
    path = FILES.get(language(lang))
    if path is None:
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict)
    return data


def phrase_pattern(english: str) -> re.Pattern[str]:
    """An English phrase with ``{name}`` placeholders as a pattern that captures them."""
    parts = PLACEHOLDER.split(english)
    out = []
    for i, part in enumerate(parts):
        out.append(f"(?P<{part}>.+?)" if i % 2 else re.escape(part))
    return re.compile("".join(out) + r"\Z", re.DOTALL)


@cache
def _texts(lang: str) -> _Texts:
    data = raw(lang)
    fx: dict[tuple[str, str], str] = {}
    english = effects()
    for remedy, tr in (data.get("effects") or {}).items():
        en = english.get(remedy)
        if en is None or not isinstance(tr, dict):
            continue
        if tr.get("action"):
            fx[(remedy, en.action)] = tr["action"]
        for part in ("gains", "limits"):
            for e, t in zip(getattr(en, part), tr.get(part) or [], strict=False):
                if t:
                    fx[(remedy, e.text)] = t
    plan = tuple((phrase_pattern(en_), es) for en_, es in (data.get("plan") or {}).items() if es)
    return _Texts(reasons=data.get("reasons") or {}, questions=data.get("questions") or {}, effects=fx,
                  plan=plan)


def find_reason(remedy_id: str, code: str, lang: str | None) -> str | None:
    entry = _texts(language(lang)).reasons.get(code)
    if isinstance(entry, dict):
        entry = entry.get(remedy_id) or entry.get("default")
    return entry or None


def find_question(fact: str, lang: str | None) -> str | None:
    return _texts(language(lang)).questions.get(fact) or None


def find_effect(remedy_id: str, english: str, lang: str | None) -> str | None:
    """One of a remedy's plan texts from effects.yaml (its action, a gain or a limit), by its English."""
    return _texts(language(lang)).effects.get((remedy_id, english)) or None


def find_plan(english: str, lang: str | None) -> str | None:
    """A phrase built by plan.py (a warning, a court), with its variable parts carried over."""
    for pattern, template in _texts(language(lang)).plan:
        m = pattern.match(english)
        if m:
            return template.format(**m.groupdict())
    return None


def reason_text(remedy_id: str, code: str, lang: str | None, english: str | None = None) -> str:
    """A reason's text in ``lang``; otherwise ``english`` or the pack's English."""
    found = find_reason(remedy_id, code, lang)
    if found is not None:
        return found
    if english is not None:
        return english
    return california().remedy(remedy_id).reason(code).text


def question_text(fact: str, lang: str | None, english: str | None = None) -> str:
    """A fact's question in ``lang``; otherwise ``english`` or the pack's English."""
    found = find_question(fact, lang)
    if found is not None:
        return found
    if english is not None:
        return english
    return california().facts[fact].text


def effect_text(remedy_id: str, english: str, lang: str | None) -> str:
    found = find_effect(remedy_id, english, lang)
    return english if found is None else found


@dataclass(frozen=True)
class EffectTexts:
    action: str
    gains: list[str]
    limits: list[str]


def effects_text(remedy_id: str, lang: str | None) -> EffectTexts:
    """A remedy's action, gains and limits (effects.yaml) in ``lang``, each falling back to English."""
    en = effects()[remedy_id]
    return EffectTexts(action=effect_text(remedy_id, en.action, lang),
                       gains=[effect_text(remedy_id, g.text, lang) for g in en.gains],
                       limits=[effect_text(remedy_id, x.text, lang) for x in en.limits])


def plan_text(english: str, lang: str | None) -> str:
    found = find_plan(english, lang)
    return english if found is None else found
