"""Trigger words and the cue words that decide an event's type from its arguments.

This is the hand-written core of the event logic: which lemmas can announce which happening,
and the few lexical cues (aircraft, possessives, civilians...) that choose between sibling
types. Types are ontology codes, bar "movement", which the detector types from its arguments;
`tests/test_events.py::test_lexicon_types_are_ontology_codes` checks them.
"""

from __future__ import annotations

# lemma -> the type it announces when nothing more specific applies. "movement" lemmas are
# typed later from their arguments (who moves whom).
VERB_TRIGGERS: dict[str, str] = {
    # movement
    "transfer": "movement", "move": "movement", "relocate": "movement", "shift": "movement",
    "evacuate": "movement.relocation", "withdraw": "movement.relocation",
    "flee": "movement.flight", "escape": "movement.flight",
    "displace": "movement.flight", "uproot": "movement.flight",
    "expel": "movement.forced_displacement", "deport": "movement.forced_displacement",
    "evict": "movement.forced_displacement", "banish": "movement.forced_displacement",
    "return": "movement.return",
    # IDMC's other terms: people sheltered, resettled or repatriated have been displaced.
    "shelter": "movement.flight", "resettle": "movement.relocation",
    "repatriate": "movement.return",
    # remote violence
    "bomb": "remote.air_strike", "airstrike": "remote.air_strike",
    "shell": "remote.shelling", "bombard": "remote.shelling", "pound": "remote.shelling",
    "explode": "remote.ied", "detonate": "remote.ied",
    # battles
    "clash": "battle.armed_clash", "fight": "battle.armed_clash",
    "storm": "battle.armed_clash",
    "capture": "battle.nonstate_overtakes_territory",
    "seize": "battle.nonstate_overtakes_territory",
    "overrun": "battle.nonstate_overtakes_territory",
    "recapture": "battle.government_regains_territory",
    "retake": "battle.government_regains_territory",
    "liberate": "battle.government_regains_territory",
    # violence against civilians
    "kill": "civilians.attack", "execute": "civilians.attack", "behead": "civilians.attack",
    "massacre": "civilians.attack", "murder": "civilians.attack",
    "abduct": "civilians.abduction", "kidnap": "civilians.abduction",
    "rape": "civilians.sexual_violence",
    # strategic
    "arrest": "strategic.arrests", "detain": "strategic.arrests",
    "loot": "strategic.looting", "plunder": "strategic.looting",
    "conscript": "recruitment.forced", "recruit": "recruitment.forced",
    # statements
    "threaten": "statement.threat", "warn": "statement.threat", "vow": "statement.threat",
    "accuse": "statement.accusation", "blame": "statement.accusation",
    "urge": "statement.appeal", "appeal": "statement.appeal",
    "protest": "protest.peaceful", "demonstrate": "protest.peaceful", "rally": "protest.peaceful",
}

NOUN_TRIGGERS: dict[str, str] = {
    "airstrike": "remote.air_strike", "air-strike": "remote.air_strike",
    "bombing": "remote.air_strike", "bombardment": "remote.shelling",
    "shelling": "remote.shelling", "mortar": "remote.shelling",
    "ied": "remote.ied", "landmine": "remote.ied", "roadside": "remote.ied",
    "explosion": "remote.ied", "blast": "remote.ied", "bomb": "remote.ied",
    "explosive": "remote.ied", "bomber": "remote.suicide_bomb",
    "rocket": "remote.shelling", "missile": "remote.shelling", "artillery": "remote.shelling",
    "sarin": "remote.chemical", "chlorine": "remote.chemical",
    "clashes": "battle.armed_clash", "clash": "battle.armed_clash",
    "firefight": "battle.armed_clash", "skirmish": "battle.armed_clash",
    "execution": "civilians.attack", "massacre": "civilians.attack",
    "abduction": "civilians.abduction", "kidnapping": "civilians.abduction",
    "arrest": "strategic.arrests", "conscription": "recruitment.forced",
    "displacement": "movement.flight", "exodus": "movement.flight",
    "expulsion": "movement.forced_displacement", "deportation": "movement.forced_displacement",
    "evacuation": "movement.relocation", "movement": "movement",
    # The displaced named by what they are, as IDMC counts them: "some 82,000 IDPs", "300
    # evacuees", "2.1 million refugees", "the homeless". Plural forms only (matched on the
    # word, not its lemma): the singular is mostly a modifier, "a refugee camp", "an IDP camp".
    # "Displaced" as an adjective describes someone and is no event.
    "idps": "movement.flight", "evacuees": "movement.relocation",
    "refugees": "movement.flight", "homeless": "movement.flight",
    "displacements": "movement.flight", "relocation": "movement.relocation",
    "resettlement": "movement.relocation", "returnees": "movement.return",
    "threat": "statement.threat", "ultimatum": "statement.threat",
    "warning": "statement.threat", "readiness": "statement.threat",
    "accusation": "statement.accusation",
    "protest": "protest.peaceful", "demonstration": "protest.peaceful",
    # "Protesters blocked the highway": people protesting are a protest, whatever they did.
    "protester": "protest.peaceful", "protestor": "protest.peaceful",
    "demonstrator": "protest.peaceful",
    "ceasefire": "strategic.agreement", "truce": "strategic.agreement",
}

# Displacement told as the loss of a home ("left 5,000 people homeless", "became homeless",
# "lost their homes", "left their homes"): the verbs that leave people homeless, those whose
# object is the home lost or left, and the homes (`events.displaced`).
LEAVE_HOMELESS_VERBS = frozenset({"leave", "render", "make", "become"})
LOSE_HOME_VERBS = frozenset({"lose"})
LEAVE_HOME_VERBS = frozenset({"leave", "abandon", "desert", "vacate"})
HOME_NOUNS = frozenset({"home", "house", "dwelling"})
# IDMC's "Sheltered" and "In relief camp": people staying in a shelter, or in a camp or
# centre named for the displaced ("relief camps", "evacuation centres"; a bare "camp" may be
# an army's), and refuge taken or sought ("took shelter", "sought refuge", "seek safety").
STAYING_VERBS = frozenset({"stay", "live", "sleep", "spend", "shelter", "remain", "huddle",
                           "crowd", "house", "accommodate", "lodge", "settle"})
SHELTER_NOUNS = frozenset({"shelter", "tent"})
CAMP_NOUNS = frozenset({"camp", "centre", "center", "site", "settlement"})
CAMP_MODIFIERS = frozenset({"relief", "evacuation", "evacuee", "displacement", "displaced",
                            "idp", "idps", "refugee", "refugees", "temporary", "tent", "transit",
                            "emergency", "collective", "persons", "people"})
REFUGE_VERBS = frozenset({"take", "seek", "find"})
REFUGE_NOUNS = frozenset({"shelter", "refuge", "safety", "sanctuary"})
# Participles that count the displaced when a number goes with them ("35,000 internally
# displaced persons", "144,044 evacuated people"); alone they describe someone.
DISPLACED_ADJECTIVES: dict[str, str] = {
    "displaced": "movement.flight", "homeless": "movement.flight",
    "uprooted": "movement.flight", "evacuated": "movement.relocation",
    "relocated": "movement.relocation", "resettled": "movement.relocation",
}

# Of those, the words that name the displaced themselves: the phrase is the affected group
# ("45,000 Somali refugees"), never who displaced them, and "from" gives their origin.
DISPLACED_PEOPLE_NOUNS = frozenset({"idps", "evacuees", "refugees", "homeless", "returnees"})

# Modifiers that retype a weapon noun: a "car bomb" is an IED, a "barrel bomb" is dropped from
# aircraft, a "suicide bombing" is a suicide bomb, "chemical"/"gas" attacks are chemical.
WEAPON_MODIFIERS: dict[str, str] = {
    "suicide": "remote.suicide_bomb", "barrel": "remote.air_strike",
    "chemical": "remote.chemical", "gas": "remote.chemical", "toxic": "remote.chemical",
    "sarin": "remote.chemical", "chlorine": "remote.chemical", "poison": "remote.chemical",
    "car": "remote.ied", "roadside": "remote.ied", "booby": "remote.ied", "truck": "remote.ied",
    "mortar": "remote.shelling", "artillery": "remote.shelling", "rocket": "remote.shelling",
    "tank": "remote.shelling", "grenade": "remote.grenade", "air": "remote.air_strike",
    # A thrown firebomb is no remote violence for ACLED but a riot (mob violence; a violent
    # demonstration or property destruction by context, which the learned typer reads): of
    # ACLED's training notes naming petrol bombs or Molotov cocktails, 1 in 470 is an IED.
    "petrol": "riot.mob_violence", "cocktail": "riot.mob_violence",
    "molotov": "riot.mob_violence", "incendiary": "riot.mob_violence",
    "gasoline": "riot.mob_violence",
}
# A "strike"/"raid" is an air strike only with an air cue nearby ("air strikes", "coalition
# strikes", "Russian warplanes struck"); otherwise it is too vague to type.
AIR_CUES = frozenset({
    "air", "aerial", "airstrike", "warplane", "jet", "aircraft", "drone", "helicopter",
    "coalition", "bomber", "plane", "airforce",
})
SHELLING_CUES = frozenset({"artillery", "rocket", "missile", "mortar", "shell", "tank"})
CHEMICAL_CUES = frozenset({"chemical", "gas", "toxic", "sarin", "chlorine", "poison", "nerve"})
# Chemical agents named in a sentence make its remote attack chemical ("gas" alone is too often
# oil and gas).
CHEMICAL_AGENTS = frozenset({"chlorine", "sarin", "toxic", "poisonous", "chemical", "nerve",
                             "mustard", "suffocation"})
# Verbs that say bombs came from the air.
AIR_DROP_VERBS = frozenset({"drop", "fall", "rain"})
EXPLOSIVE_CUES = frozenset({"bomb", "car", "explosive", "ied", "suicide", "truck", "roadside"})

# "readiness" / "threat" / "warning" only announce a threat, and their embedded attack verb
# ("readiness to storm", "threats ... to carry out a campaign") is the threat's content, not a
# separate event. Likewise "force X to move" is one forced displacement, not two events.
ABSORBING_TYPES = frozenset({
    "statement.threat", "statement.appeal", "movement.forced_displacement",
})

# Nouns that must carry participants or a place to count ("the battle for Raqqa approaches"
# is anticipation, not a battle).
NEEDS_ARGUMENT_NOUNS = frozenset({"movement", "bombing", "warning", "protest", "arrest"})

# --- verbs of speech: the one home of the reporting-verb lists -----------------------------
# Verbs that report speech; an event under them is attributed to the speaker.
REPORTING_VERBS = frozenset({
    "say", "report", "add", "tell", "state", "claim", "confirm", "note", "explain", "allege",
    "quote", "cite", "reveal", "disclose", "affirm", "assert", "insist", "indicate", "write",
    "publish", "describe", "post",
})
CLAIM_VERBS = frozenset({"claim", "allege", "insist", "assert"})
NEGATION_VERBS = frozenset({"deny", "reject", "refute", "dismiss"})
# "The army denied that its jets bombed the hospital": a denial names its source like a verb of
# speech does, and makes the event it reports denied (`attribution`).
SPEECH_VERBS = REPORTING_VERBS | NEGATION_VERBS
# The reporting frames the PLOVER classifier looks through to find the event verb ("X said it
# would boycott" -> boycott; `events.plover_syntax.event_verbs`). The shipped weights
# (events/data/plover_classifier.npz) were trained on the parse features this set produces, so
# it stays as it was then until they are retrained (`eventatlas train plover`): the reporting
# verbs less ten the classifier never looked through, plus "announce", "believe" and "accord"
# (the lemma of "according to"). tests/test_classifier.py pins it.
_NOT_CLASSIFIER_FRAMES = frozenset({"affirm", "allege", "assert", "cite", "describe", "disclose",
                                    "explain", "indicate", "post", "publish"})
CLASSIFIER_REPORTING_FRAMES = (REPORTING_VERBS - _NOT_CLASSIFIER_FRAMES) | {"announce", "believe",
                                                                             "accord"}
# Light verbs whose subject is the agent of their event noun ("ISIS imposes conscription").
LIGHT_VERBS = frozenset({
    "impose", "carry", "launch", "conduct", "stage", "wage", "commit", "perpetrate", "issue",
    "make", "begin", "start", "continue", "intensify", "escalate", "step", "order",
})
# Verbs whose subject receives their event noun ("after receiving threats from the SDF").
RECEIVING_VERBS = frozenset({"receive", "face", "suffer", "undergo", "endure"})
# Causers of a displacement noun that make it forced ("justified the displacement of ...").
FORCING_VERBS = frozenset({"justify", "order", "impose", "carry", "commit", "force", "condemn"})
PLANNING_VERBS = frozenset({"plan", "intend", "prepare", "aim", "seek", "want", "hope", "plot"})
FUTURE_AUX = frozenset({"will", "would", "shall", "could", "may", "might"})
ONGOING_CUES = frozenset({"continue", "ongoing", "keep", "still", "remain", "persist"})
GENERIC_DETERMINERS = frozenset({"every", "each", "whenever"})
GENERIC_ADVERBS = frozenset({"usually", "often", "always", "typically", "generally", "whenever"})

# Prepositions that tell a place's role in a movement or an event.
ORIGIN_PREPS = frozenset({"from", "out"})
DESTINATION_PREPS = frozenset({"to", "into", "towards", "toward", "for"})
LOCATION_PREPS = frozenset({
    "in", "inside", "near", "around", "on", "at", "across", "outside", "within", "over",
    "of", "throughout", "along", "east", "west", "north", "south",
})
# A place after these is a participant ("strikes by Russia", "war with Turkey"), not a setting.
NON_LOCATIVE_PREPS = frozenset({"by", "with", "against", "about", "than", "like", "between"})
# Leaving verbs take their origin as a direct object ("escaped Raqqa").
LEAVING_VERBS = frozenset({"flee", "escape", "leave", "evacuate", "abandon", "desert", "quit"})
# Verbs whose subject is the one who moves (and so the affected group).
SELF_MOVING_VERBS = frozenset({"flee", "escape", "return", "leave", "migrate", "head"})
# Generic place nouns: "the city of Palmyra" is Palmyra; "the city" alone is the last city named.
PLACE_NOUNS = frozenset({
    "city", "town", "village", "province", "governorate", "district", "countryside",
    "region", "area", "capital", "neighbourhood", "neighborhood", "camp", "suburb",
})
ANAPHORIC_PLACE_NOUNS = frozenset({"city", "town", "village"})

# What an actor moves that makes a move a relocation of its own people or assets.
OWN_ASSET_WORDS = frozenset({
    "headquarters", "headquarter", "hq", "offices", "office", "base", "bases", "weapons",
    "equipment", "prisoners", "detainees", "fighters", "militants", "members", "commanders",
    "leaders", "troops", "forces", "archives", "treasury",
})
FAMILY_WORDS = frozenset({"family", "families", "wives", "children", "relatives", "households"})
FORCING_MOVE_VERBS = frozenset({"force", "compel", "oblige", "coerce", "order", "push"})
MOVE_LEMMAS = frozenset({
    "move", "leave", "flee", "relocate", "evacuate", "go", "abandon", "depart", "migrate",
    "transfer", "return",
})
FORCE_CUES = frozenset({"force", "forcibly", "forced", "expel", "compel", "oblige", "coerce"})
