"""Record format v1 (``clearpath-record/1``): one person's criminal history.

Every fact is optional unless the law cannot be applied without it; an absent or null fact means
*unknown*, and the engine answers "needs more information" rather than guessing. The JSON Schema in
``schemas/record-v1.schema.json`` is generated from these models (``clearpath schema``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT_ID: Literal["clearpath-record/1"] = "clearpath-record/1"



# Past any real term (100 years), and far inside the counts frame's integers and dates: an absurd number is
# refused with its field instead of overflowing later.
MAX_PROBATION_MONTHS = 1200
MAX_JAIL_DAYS = 36_500

class Level(StrEnum):
    felony = "felony"
    misdemeanor = "misdemeanor"
    infraction = "infraction"


class Disposition(StrEnum):
    convicted = "convicted"
    dismissed = "dismissed"
    acquitted = "acquitted"
    prosecution_declined = "prosecution_declined"
    diversion_completed = "diversion_completed"
    diversion_failed = "diversion_failed"
    pending = "pending"
    unknown = "unknown"


class DiversionStatute(StrEnum):
    """The program a case was diverted under (the statute that sets its record effect)."""

    pc1000 = "PC 1000"  # pretrial drug diversion, PC 1000-1000.4 (since AB 208, Jan 1, 2018)
    dej = "DEJ"  # deferred entry of judgment under former PC 1000-1000.4 (before 2018): a plea was entered
    pc1000_5 = "PC 1000.5"  # court-run preguilty drug program
    pc1000_8 = "PC 1000.8"  # deferred entry of judgment under PC 1000.8
    pc1001 = "PC 1001"  # pretrial diversion under PC 1001-1001.11 (dismissal and record effect: PC 1001.9)
    pc1001_20 = "PC 1001.20"  # developmental-disability diversion
    pc1001_36 = "PC 1001.36"  # mental-health diversion
    pc1001_40 = "PC 1001.40"
    pc1001_50 = "PC 1001.50"
    pc1001_60 = "PC 1001.60"
    pc1001_70 = "PC 1001.70"
    pc1001_80 = "PC 1001.80"  # military diversion
    pc1001_81 = "PC 1001.81"
    pc1001_85 = "PC 1001.85"
    pc1001_95 = "PC 1001.95"  # judicial misdemeanor diversion
    pc851_87 = "PC 851.87"  # prefiling diversion run by the prosecutor (no accusatory pleading filed)
    other = "other"


class _Strict(BaseModel):
    # Unknown keys are errors: a misspelt fact would otherwise be silently read as "unknown".
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sentence(_Strict):
    judgment_date: dt.date | None = Field(
        None, description="Date judgment was pronounced (sentencing). Defaults to the disposition date."
    )
    probation_granted: bool | None = None
    probation_months: int | None = Field(None, ge=0, le=MAX_PROBATION_MONTHS)
    probation_end_date: dt.date | None = Field(None, description="Day probation actually ended or will end.")
    probation_violation: bool | None = Field(
        None, description="Any violation or revocation during probation, even if later reinstated."
    )
    probation_early_termination: bool | None = Field(None, description="Discharged early under PC 1203.3.")
    jail_days: int | None = Field(None, ge=0, le=MAX_JAIL_DAYS)
    prison: bool | None = Field(None, description="A state prison term was executed.")
    county_jail_1170h: bool | None = Field(None, description="Felony county-jail term under PC 1170(h).")
    mandatory_supervision: bool | None = Field(
        None, description="PC 1170(h)(5)(B) split sentence: part of the term served on mandatory supervision."
    )
    custody_release_date: dt.date | None = None
    supervision_end_date: dt.date | None = Field(
        None, description="End of parole, PRCS or mandatory supervision for this sentence."
    )
    sentence_completed: bool | None = Field(
        None, description="Every part of the sentence (custody, supervision, fine) has been completed."
    )
    probation_revoked: bool | None = Field(
        None, description="Probation was revoked at some point (even if later reinstated). A violation "
        "without a revocation is probation_violation only."
    )


class ReliefGranted(_Strict):
    remedy: str = Field(description="Statute id of the relief already granted, e.g. 'PC 1203.4'.")
    date: dt.date | None = None


class Circumstances(_Strict):
    """Facts about the conduct that some remedies turn on and that records rarely show."""

    cannabis_within_personal_limit: bool | None = Field(
        None, description="At most 28.5 g of cannabis or 8 g of concentrate (six plants for cultivation)."
    )
    cannabis_gift_to_adult: bool | None = Field(
        None, description="Gave away (not sold) 28.5 g or less to a person 21 or older."
    )
    cannabis_sale_to_minor: bool | None = None
    cannabis_employed_minor: bool | None = Field(
        None, description="Hired or used a person aged 20 or younger (HS 11359(d))."
    )
    cannabis_import_export: bool | None = Field(
        None, description="Imported into, or transported for sale out of, California over the limits."
    )
    cannabis_environmental_violation: bool | None = Field(
        None, description="Cultivation with the Water Code / Fish and Game Code violations of HS 11358(d)."
    )
    commercial_entry_business_hours: bool | None = Field(
        None,
        description="Entered an open commercial establishment during business hours intending to steal.",
    )
    theft_based: bool | None = Field(
        None, description="VC 10851 conviction was for taking the vehicle with intent to keep it (theft)."
    )
    firearm_involved: bool | None = Field(None, description="The property taken or received was a firearm.")
    forgery_with_identity_theft: bool | None = Field(
        None, description="Also convicted of identity theft (PC 530.5) with the forgery."
    )
    result_of_trafficking: bool | None = Field(
        None, description="The arrest or conviction was a direct result of being a victim of human "
        "trafficking (PC 236.14, PC 1203.49)."
    )


class Count(_Strict):
    id: str
    offense: str | None = Field(None, description="Code and section as written, e.g. 'HS 11359(b)'.")
    description: str | None = Field(None, description="The charge description as the source wrote it.")
    attempt: bool = Field(False, description="Attempt (PC 664). Records always mark attempts.")
    offense_date: dt.date | None = None
    charged_level: Level | None = None
    disposition: Disposition = Disposition.unknown
    disposition_date: dt.date | None = None
    conviction_level: Level | None = None
    enhancements: list[str] = Field(default_factory=list)
    value_usd: float | None = Field(None, ge=0, description="Value of property involved (theft, forgery).")
    sentence: Sentence = Field(default_factory=Sentence)
    relief_granted: list[ReliefGranted] = Field(default_factory=list)
    circumstances: Circumstances = Field(default_factory=Circumstances)
    dismissal_can_be_refiled: bool | None = Field(
        None, description="A dismissed charge may still be refiled (for example a felony dismissed only "
        "once, PC 1387). False when the dismissal was final."
    )


class Case(_Strict):
    id: str
    county: str | None = None
    court: str | None = Field(None, description="Court or courthouse as the source wrote it.")
    court_case_number: str | None = None
    arrest_date: dt.date | None = None
    juvenile: bool | None = None
    counts: list[Count] = Field(default_factory=list)
    charges_filed: bool | None = Field(
        None, description="An accusatory pleading (complaint, information, indictment or juvenile petition) "
        "was filed for this arrest. False: the arrest never went to court."
    )
    diversion_statute: DiversionStatute | None = Field(
        None, description="The diversion or deferred-entry program the case was diverted under, if any."
    )
    diversion_granted_date: dt.date | None = Field(None, description="Date diversion or DEJ was granted.")
    evaded_prosecution: bool | None = Field(
        None, description="The person intentionally evaded efforts to prosecute this arrest (for example by "
        "absconding, or by identity fraud they were later charged with) (PC 851.91(a)(2))."
    )
    juvenile_jurisdiction_end_date: dt.date | None = Field(
        None, description="Juvenile case: the date juvenile-court jurisdiction ended (or, without a petition, "
        "the date of the citation or contact)."
    )
    djj_commitment: bool | None = Field(
        None, description="Juvenile case: committed to the Division of Juvenile Justice (DJJ/DJF)."
    )


class Person(_Strict):
    id: str
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    cii: str | None = Field(None, description="California DOJ criminal identification index number.")
    sex: str | None = None
    race: str | None = Field(None, description="As recorded by the source; used only for equity statistics.")
    dob: dt.date | None = None
    deceased: bool | None = None
    registration_290_required: bool | None = Field(
        None, description="Currently required to register under PC 290 (the Sex Offender Registration Act)."
    )
    pending_case: bool | None = Field(None, description="Any open criminal case or charge now.")
    serving_sentence: bool | None = Field(
        None, description="In custody or on probation, parole, PRCS or mandatory supervision now."
    )
    trafficking_survivor: bool | None = Field(
        None, description="Has been a victim of human trafficking (PC 236.1). False settles the survivor "
        "remedies for every count."
    )
    ceased_being_victim_or_sought_services: bool | None = Field(
        None, description="No longer a victim of trafficking, or has sought services for being one "
        "(PC 236.14(a) timing)."
    )
    ca_residence_since: dt.date | None = Field(
        None, description="Start of the current continuous residence in California (Certificate of "
        "Rehabilitation, PC 4852.03)."
    )
    incarcerated_since_release: bool | None = Field(
        None, description="Has been in jail or prison since the release (or dismissal) a Certificate of "
        "Rehabilitation would run from (PC 4852.01)."
    )
    on_mandatory_life_parole: bool | None = Field(None, description="Serving a mandatory life parole.")


class Record(_Strict):
    format: Literal["clearpath-record/1"] = FORMAT_ID
    person: Person
    cases: list[Case] = Field(default_factory=list)
