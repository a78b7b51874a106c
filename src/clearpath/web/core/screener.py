"""The public screener: guided questions, case by case, turned into a record v1 and checked.

Nothing is stored on the server: the answers travel in a signed hidden field from page to page, and a RAP
sheet is read in a temporary folder that is removed at once. Saving (a download) and sharing with an
organisation are explicit choices on the results page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from clearpath.records.counties import CA_COUNTIES
from clearpath.records.model import Record

SIGNING_SALT = "clearpath.screener.v1"
MAX_CASES = 12

YES_NO_DK = [("yes", _("Yes")), ("no", _("No")), ("dk", _("I don't know"))]

COUNTIES = list(CA_COUNTIES)

# Common offenses by plain name, with the code section behind each.
OFFENSES: list[tuple[str, Any]] = [
    ("PC 488", _("Petty theft")),
    ("PC 459.5", _("Shoplifting")),
    ("PC 487(a)", _("Grand theft")),
    ("PC 496(a)", _("Receiving stolen property")),
    ("PC 459", _("Burglary")),
    ("HS 11350(a)", _("Possession of a controlled substance")),
    ("HS 11377(a)", _("Possession of methamphetamine")),
    ("HS 11357(b)", _("Possession of cannabis")),
    ("HS 11359(b)", _("Possession of cannabis for sale")),
    ("HS 11360(a)", _("Sale or transport of cannabis")),
    ("VC 23152(a)", _("Driving under the influence (DUI)")),
    ("VC 14601.1(a)", _("Driving with a suspended license")),
    ("VC 10851(a)", _("Taking or driving a vehicle without consent")),
    ("PC 242", _("Battery")),
    ("PC 594(a)", _("Vandalism")),
    ("PC 647(f)", _("Drunk in public")),
    ("PC 148(a)(1)", _("Resisting or obstructing an officer")),
    ("PC 602", _("Trespassing")),
    ("PC 470", _("Forgery")),
    ("PC 530.5", _("Identity theft")),
]


def offense_choices() -> list[tuple[str, Any]]:
    return ([("", _("Choose one"))] + [(code, f"{name} ({code})") for code, name in OFFENSES]
            + [("other", _("Something else (I will type the code)")), ("dk", _("I don't know"))])


def county_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose a county"))] + [(c, c) for c in COUNTIES] + [("dk", _("I don't know"))]


class AboutForm(forms.Form):
    pending_case = forms.ChoiceField(
        label=_("Do you have any open criminal case or charge right now, in any county?"),
        choices=YES_NO_DK, widget=forms.RadioSelect)
    serving_sentence = forms.ChoiceField(
        label=_("Are you in jail or prison, or on probation, parole or supervision right now?"),
        choices=YES_NO_DK, widget=forms.RadioSelect)
    dob = forms.DateField(
        label=_("Your date of birth (optional)"), required=False,
        help_text=_("Your age at the time can change what relief applies. Leave it empty if you prefer."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}))


class CaseForm(forms.Form):
    county = forms.ChoiceField(label=_("In which county was the case?"), choices=county_choices)
    offense = forms.ChoiceField(
        label=_("What was the conviction for?"), choices=offense_choices,
        help_text=_("Your RAP sheet or court papers show the code section."))
    offense_other = forms.CharField(
        label=_("If something else: the code section"), required=False, max_length=40,
        help_text=_("For example PC 602(o) or HS 11359(b)."))
    level = forms.ChoiceField(
        label=_("Was it a felony, a misdemeanor or an infraction?"),
        choices=[("felony", _("Felony")), ("misdemeanor", _("Misdemeanor")), ("infraction", _("Infraction")),
                 ("dk", _("I don't know"))], widget=forms.RadioSelect)
    conviction_date = forms.DateField(
        label=_("When were you convicted?"), required=False,
        help_text=_("An approximate date is fine. Leave it empty if you don't know."),
        widget=forms.DateInput(attrs={"type": "date"}))
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("offense") == "other" and not (data.get("offense_other") or "").strip():
            self.add_error("offense_other", _("Type the code section, or choose “I don't know” above."))
        return data


class SentenceForm(forms.Form):
    probation = forms.ChoiceField(label=_("Were you given probation?"), choices=YES_NO_DK, widget=forms.RadioSelect)
    finished = forms.ChoiceField(
        label=_("Have you finished every part of the sentence (probation, jail, fines, classes)?"),
        choices=YES_NO_DK, widget=forms.RadioSelect)
    probation_end = forms.DateField(
        label=_("If you had probation: when did it end (or when will it end)?"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}))
    violation = forms.ChoiceField(
        label=_("Did you have any probation violation in this case?"), choices=YES_NO_DK, widget=forms.RadioSelect)
    prison = forms.ChoiceField(label=_("Were you sentenced to state prison in this case?"), choices=YES_NO_DK,
                               widget=forms.RadioSelect)


class UploadForm(forms.Form):
    rapsheet = forms.FileField(
        label=_("Your RAP sheet"),
        help_text=_("A text file, a PDF, or a photo (PNG or JPEG), up to 10 MB. It is read and then deleted."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf,.png,.jpg,.jpeg,.tif,.tiff"}))


# --- state ------------------------------------------------------------------------------------------------


def dump_state(state: dict[str, Any]) -> str:
    return signing.dumps(state, salt=SIGNING_SALT, compress=True)


def load_state(token: str | None) -> dict[str, Any]:
    if not token:
        return {"about": None, "cases": [], "draft": None}
    try:
        state = signing.loads(token, salt=SIGNING_SALT, max_age=6 * 3600)
    except signing.BadSignature:
        return {"about": None, "cases": [], "draft": None}
    if not isinstance(state, dict):
        return {"about": None, "cases": [], "draft": None}
    state.setdefault("about", None)
    state.setdefault("cases", [])
    state.setdefault("draft", None)
    return state


def normalise_offense(text: str) -> str | None:
    """'pc 602(o)' -> 'PC 602(o)': the code upper-cased, the subdivisions as typed."""
    text = " ".join(text.split())
    return re.sub(r"^([A-Za-z]+)", lambda m: m.group(1).upper(), text) or None


def _yn(v: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(v or "")


def _d(v: Any) -> str | None:
    if isinstance(v, dt.date):
        return v.isoformat()
    return v if isinstance(v, str) and v else None


def form_to_state(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _d(v) if isinstance(v, dt.date) else v for k, v in data.items()}


def state_to_record(state: dict[str, Any]) -> Record:
    about = state.get("about") or {}
    cases = []
    for i, c in enumerate(state.get("cases", []), 1):
        offense = c.get("offense")
        if offense == "other":
            offense = normalise_offense(c.get("offense_other") or "")
        elif offense in ("dk", ""):
            offense = None
        finished = _yn(c.get("finished"))
        probation = _yn(c.get("probation"))
        sentence: dict[str, Any] = {
            "probation_granted": probation,
            "probation_violation": _yn(c.get("violation")) if probation is not False else None,
            "prison": _yn(c.get("prison")),
            "sentence_completed": finished,
        }
        if probation and c.get("probation_end"):
            sentence["probation_end_date"] = c["probation_end"]
        level = c.get("level")
        cases.append({
            "id": f"case{i}",
            "county": c.get("county") if c.get("county") not in ("", "dk") else None,
            "counts": [{
                "id": "1",
                "offense": offense,
                "disposition": "convicted",
                "disposition_date": c.get("conviction_date") or None,
                "conviction_level": level if level in ("felony", "misdemeanor", "infraction") else None,
                "sentence": sentence,
            }],
        })
    return Record.model_validate({
        "format": "clearpath-record/1",
        "person": {
            "id": "you",
            "dob": about.get("dob") or None,
            "pending_case": _yn(about.get("pending_case")),
            "serving_sentence": _yn(about.get("serving_sentence")),
        },
        "cases": cases,
    })
