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
    Fact("count.disposition_date", "On what date were you convicted?", "disposition_date"),
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

FACTS = {f.fact: f for f in _FACTS}
