"""Every fact the California pack may ask for, where it lives in the record, and how to ask it."""

from __future__ import annotations

from clearpath.law.pack import Fact

_FACTS = [
    Fact("person.pending_case", "Do you have any open criminal case or charge right now, in any county?",
         "person_pending_case"),
    Fact("person.serving_sentence",
         "Are you in jail or prison, or on probation, parole, PRCS or mandatory supervision right now?",
         "person_serving_sentence"),
    Fact("person.dob", "What is your date of birth? Your age at the time changes what relief applies.",
         "person_dob"),
    Fact("count.offense",
         "What exactly was the conviction for, with the code, section and subdivision (for example "
         "'PC 602(o)' or 'HS 11359(b)')? It is on your RAP sheet or court papers.", "offense"),
    Fact("count.offense_date", "On what date did the offense happen?", "offense_date"),
    Fact("count.disposition_date", "On what date were you convicted (or was the charge dismissed)?",
         "disposition_date"),
    Fact("count.conviction_level", "Was this conviction a felony, a misdemeanor or an infraction?",
         "conviction_level"),
    Fact("count.value_usd",
         "What was the value of the property involved? Prop 47 applies only at $950 or less.", "value_usd"),
    Fact("count.sentence.probation_granted", "Were you given probation in this case?", "probation_granted"),
    Fact("count.sentence.probation_end_date", "On what date did (or will) your probation in this case end?",
         "probation_end_date"),
    Fact("count.sentence.probation_violation",
         "Did you have any probation violation in this case, even one after which probation was reinstated?",
         "probation_violation"),
    Fact("count.sentence.judgment_date", "On what date were you sentenced in this case?", "judgment_date"),
    Fact("count.sentence.sentence_completed",
         "Have you finished every part of the sentence in this case (jail, fines, classes, community service)?",
         "sentence_completed"),
    Fact("count.sentence.prison", "Were you sentenced to state prison in this case?", "prison"),
    Fact("count.sentence.county_jail_1170h",
         "Were you sentenced to a felony county-jail term (PC 1170(h)) in this case?", "county_jail_1170h"),
    Fact("count.sentence.mandatory_supervision",
         "Was part of your county-jail term served on mandatory supervision (a 'split sentence')?",
         "mandatory_supervision"),
    Fact("count.sentence.custody_release_date", "On what date were you released from custody in this case?",
         "custody_release_date"),
    Fact("count.sentence.supervision_end_date",
         "On what date did your parole, PRCS or mandatory supervision in this case end?", "supervision_end_date"),
    Fact("count.circumstances.cannabis_within_personal_limit",
         "Was the amount 28.5 grams of cannabis (8 grams of concentrate) or less, or six plants or fewer?",
         "circ_cannabis_within_personal_limit"),
    Fact("count.circumstances.cannabis_gift_to_adult",
         "Did you give the cannabis away (not sell it) to a person 21 or older, 28.5 grams or less?",
         "circ_cannabis_gift_to_adult"),
    Fact("count.circumstances.cannabis_sale_to_minor",
         "Did the offense involve selling or offering cannabis to a person under 18?", "circ_cannabis_sale_to_minor"),
    Fact("count.circumstances.cannabis_employed_minor",
         "Did the offense involve hiring or using a person aged 20 or younger?", "circ_cannabis_employed_minor"),
    Fact("count.circumstances.cannabis_import_export",
         "Did the offense involve bringing cannabis into California, or taking it out to sell, over the "
         "legal amounts?", "circ_cannabis_import_export"),
    Fact("count.circumstances.cannabis_environmental_violation",
         "Did the cultivation involve the water or wildlife violations named in HS 11358(d)?",
         "circ_cannabis_environmental_violation"),
    Fact("count.circumstances.commercial_entry_business_hours",
         "Was this entering an open store or business during business hours intending to steal "
         "(not a home or a closed building)?", "circ_commercial_entry_business_hours"),
    Fact("count.circumstances.theft_based",
         "Was the vehicle conviction for taking the vehicle to keep it (theft), rather than only driving it?",
         "circ_theft_based"),
    Fact("count.circumstances.firearm_involved", "Was the property a firearm?", "circ_firearm_involved"),
    Fact("count.circumstances.forgery_with_identity_theft",
         "Were you also convicted of identity theft (PC 530.5) in the same case?",
         "circ_forgery_with_identity_theft"),
    Fact("law.wobbler",
         "Could this offense be punished either as a felony or as a misdemeanor (a 'wobbler')? "
         "A lawyer can check the statute's penalty clause for the offense date."),
    Fact("law.realignment_1170h",
         "Would this offense be punished in county jail under PC 1170(h) if sentenced today? "
         "A lawyer can check the statute's penalty clause."),
    Fact("law.offense_list_facts",
         "Whether this offense counts as serious, violent or registrable depends on facts of the case "
         "(for example injury, weapon use or intent); a lawyer should review the record of conviction."),
    Fact("record.other_convictions",
         "Some of your other convictions are missing an offense, level or date; please complete them."),
    Fact("law.prop47_prior_timing",
         "A disqualifying conviction on your record (a 'super strike' or an offense that requires "
         "registration) came after this offense. Courts have not settled whether that counts as a 'prior' "
         "for Proposition 47; a lawyer should review."),
    Fact("law.prop64_two_priors",
         "You have two or more earlier convictions under the same cannabis section. Whether they keep this "
         "one a felony depends on how earlier convictions are counted, which the law leaves unsettled; "
         "a lawyer should review."),
]

_FACTS += [
    Fact("person.registration_290_required",
         "Are you required to register as a sex offender (PC 290) now?", "person_registration_290_required"),
    Fact("person.trafficking_survivor", "Have you ever been a victim of human trafficking?",
         "person_trafficking_survivor"),
    Fact("person.ceased_being_victim_or_sought_services",
         "Are you no longer being trafficked, or have you asked for help or services as a trafficking victim?",
         "person_ceased_being_victim_or_sought_services"),
    Fact("person.ca_residence_since",
         "Since what date have you lived in California without moving away?", "person_ca_residence_since"),
    Fact("person.incarcerated_since_release",
         "Have you been in jail or prison since you were released in this case (or since it was dismissed)?",
         "person_incarcerated_since_release"),
    Fact("person.on_mandatory_life_parole", "Are you on parole for life?", "person_on_mandatory_life_parole"),
    Fact("case.arrest_date", "On what date were you arrested (or cited) in this case?", "arrest_date"),
    Fact("case.charges_filed",
         "After this arrest, did the prosecutor file charges in court (a complaint, information or "
         "indictment)?", "charges_filed"),
    Fact("case.diversion_statute",
         "Which diversion program was this (for example drug diversion under PC 1000, mental-health "
         "diversion under PC 1001.36, or a program the DA ran before filing charges)?", "diversion_statute"),
    Fact("case.diversion_granted_date", "On what date were you granted diversion (or DEJ)?",
         "diversion_granted_date"),
    Fact("case.evaded_prosecution",
         "Did you avoid being prosecuted for this arrest on purpose, for example by leaving the area or by "
         "using someone else's identity?", "evaded_prosecution"),
    Fact("case.juvenile_jurisdiction_end_date",
         "On what date did the juvenile court's jurisdiction in this case end (or, if no petition was filed, "
         "the date of the citation or police contact)?", "juvenile_jurisdiction_end_date"),
    Fact("case.djj_commitment",
         "Were you committed to the Division of Juvenile Justice (DJJ, formerly CYA) in this case?",
         "djj_commitment"),
    Fact("count.charged_level", "Were you arrested (or charged) for a felony or a misdemeanor?",
         "charged_level"),
    Fact("count.disposition",
         "What happened to this charge in the end: dismissed, acquitted, completed diversion, convicted, or "
         "still open?", "disposition"),
    Fact("count.dismissal_can_be_refiled",
         "Can this dismissed charge still be filed again? (A felony dismissed only once usually can, within "
         "the time limit; one dismissed twice, or a misdemeanor, usually cannot.)", "dismissal_can_be_refiled"),
    Fact("count.sentence.probation_revoked", "Was your probation in this case ever revoked?",
         "probation_revoked"),
    Fact("count.circumstances.result_of_trafficking",
         "Did this arrest or conviction happen because you were a victim of human trafficking (for example, "
         "a trafficker made you do it)?", "circ_result_of_trafficking"),
    Fact("case.other_charges",
         "Other charges from this arrest are missing a date, level or outcome; please complete them.",),
    Fact("record.later_convictions",
         "Have you been convicted of any crime since this case? Please list any convictions that are "
         "missing, with their dates."),
    Fact("law.felony_dismissal_851_93",
         "This felony was charged in court and then dismissed. The automatic arrest relief law (PC 851.93) "
         "does not clearly cover a felony that was filed and then dismissed; the DOJ may not act on it. "
         "Petitioning a court to seal the arrest under PC 851.91 is the safer route; a lawyer can advise."),
    Fact("law.max_term_8_years",
         "Can this felony be punished by eight years or more in prison? A lawyer can check the statute's "
         "penalty clause. It decides whether the waiting period is three years or six."),
    Fact("law.limitation_period",
         "How long prosecutors have to file this offense depends on facts of the case (for example the age of "
         "the victim, or when the offense was discovered); a lawyer should check whether it can still be "
         "charged."),
    Fact("law.moral_turpitude",
         "You have a misdemeanor conviction after the juvenile case. Sealing is barred only if it 'involves "
         "moral turpitude' (dishonesty or depravity); a lawyer can say whether it does."),
    Fact("law.pc1203_45_excluded",
         "Whether this offense can be sealed depends on what it is: drug offenses in Division 10 of the Health "
         "and Safety Code and Vehicle Code offenses about driving are excluded. A lawyer can check."),
    Fact("law.pc1203_45_dismissal_first",
         "This sealing is for convictions already dismissed under PC 1203.4 or 1203.4a, or that qualify for "
         "that dismissal. Ask for the dismissal too (both can be requested together), or tell us if it was "
         "already granted."),
    Fact("law.pc1203_45_included_offense",
         "Another conviction in the same case counts against this sealing unless it is an offense included in "
         "this one; a lawyer can check."),
]

FACTS = {f.fact: f for f in _FACTS}
