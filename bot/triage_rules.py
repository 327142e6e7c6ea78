"""The triage rules: a table a reviewer can read, each rule with messages it must and must not match.

A rule stays when it is right in general (a sign the articles list, or an emergency however it is
worded); a rule fitting one phrasing goes once the fitted model (bot.triage) covers its messages out of
fold. Audited 2026-11-29 on the bank: the model covers out of fold all the emergencies of "a drooping
face" and "sudden paralysis or slurring" (both right in general, so they stay) and the warning signs of
"spreading, put as moving" (one phrasing; it stays because the model misses "The twitches moved from my
leg to my arm"); every other rule finds messages the model misses. `tests/test_triage_rules.py` runs every example of every rule.

The words around a match decide whether it counts (bot.sign_context): an emergency rule fires only on a
sign described as happening now to someone (describes_now), a warning-sign rule only on a sign told of
someone (describes_sign); a length of time counts only as a sign's (bot.sign_duration). The signs a
message denies are taken out before the classifier reads it by bot.denied_signs.
Measured 2026-11-29 on the 2,779-message bank and the eval sets' messages, against the rules before:
`see_clinician` on benign bank messages 61 -> 14, on answerable eval messages 39 -> 24 (most of those
left describe a sign: "my muscle seems to be shrinking. Is that serious?"), on warning signs 433 -> 431
(the two lost say "No weakness"; out of fold the model finds one of them); `urgent` on benign
messages 4 -> 0, on emergencies 327 -> 352 (stroke signs put every way: "facial droop", "hemiparesis",
"dysarthria", sight lost in one eye, a limb gone limp, an airway tightening).
Session 19 (issue #21's gaps 1 and 3): a stroke sign that came and went (`passing`: the rules "a stroke sign that began
today, however briefly", "sudden paralysis or slurring", "one limb gone weak just now", "sight lost in one eye"; a brief
episode, EPISODE, is an onset; sight doubled, VISION, and one side numb or weak, ONE_SIDE, are stroke signs of that rule)
and someone still or fallen and not answering ("someone still and not answering"), with a negation before a sign that is
itself a negation read as its own clause's (sign_context.SIGN_NEGATED). Audit on the bank's and every spent eval set's
17,188 distinct messages (training-an excluded; as written and as spelled): the rules' `urgent` gained by 12
emergencies (bank-3, -4, -5 and training-j, -p, -ae, -ah, -aj messages; the 5 of these that are eval items too,
ae-urg-07, ah-urg-16, aj-urg-15, bj-urg-10, bp-urg-15, gain it there too), no other message's rule notices change.
Session 23 (#21 item 1, bank-6's look-alikes): a sign dreamt or taught ("in my dream I was choking", "my first aid
course covered choking"), an emergency that may come to the one who would help ("if I see someone having a seizure"),
a sign that comes on a cue ("tight when I'm anxious", sign_context.HABITUAL), "just" as "merely" ("was just a simple
faint", no longer a present), "last term", and "seizure" naming a medicine are not now. Audit on the bank's 9,349, bank-6's
253 and gold, held-out, training-at and every sealed batch (as written): the rules' `urgent` leaves 6 of bank-6's 8
benign messages it was given (left: "passed out … last night (fell asleep)", "a patient with an overdose today"); no
other message's rule notices change, no emergency loses it.
Then two kinds of emergency the classifier missed in bank-6, read by their form (written from its classes, so its
figures for them are in sample): a count of a medicine taken at once ("took 30 of my sleeping pills", COUNT, PILLS; not
a count over time, GRADUAL's "over the month", "so far this month") and a seizure called "a fit" (not a fit of
laughter or coughing, a keep-fit class, a good fit, anger "when I was late", a fit in a TV drama). The same audit: the
rules' `urgent` gains 29 of bank-6's 126 emergencies, 14 of the bank's 1,297 (the model found them already), one each of
training-at, sealed as and au (found already); no other message's rule notices change.
Session 24: an emergency named as what a twitch might be, in a question ("is my eyelid twitch a seizure?", "does this
twitching mean I'm having a seizure? it's just my thumb") is a twitch asked about, not an emergency told
(sign_context.twitch_asked_as; the classifier gave neither `urgent`). Audit on the same 10,185 distinct messages: no
rule notice changes (the phrasing is new to them; a tester met it).
Measured on the 2,450-message bank (2026-11-29), against the rules before the table: `urgent` on benign
messages 27 -> 4, on emergencies 206 -> 229 (a relative, a patient or a plain statement counts as someone:
"dad's face droops", "cant breath. lips blue"), on warning signs that came on slowly 9 -> 4.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.sign_context import describes_now, describes_sign, normalise, said_now
from bot.sign_duration import lasts_a_sign
from bot.triage_words import (
    VITAL_TROUBLE, ONE_SIDED, STROKE_SIGN, HOUR_ONSET, ONSET, EPISODE, VISION, ONE_SIDE, LIMB, LIMB_FAILING,
    SEEN_MOVING, UNRESPONSIVE, SEEN_STILL, UNRESPONSIVE_NOW, TASK, DOSE, DRUG, COUNT, PILLS,
)


@dataclass(frozen=True)
class Rule:
    """One rule: the notice it gives, the pattern, and messages it must and must not match."""

    kind: str  # "urgent", "see_clinician" or "dosing"
    name: str
    pattern: str
    must: tuple[str, ...]
    must_not: tuple[str, ...]
    also: str | None = None  # a second pattern the message must match as well
    not_when_urgent: bool = False  # the emergency's notice says it already
    duration: bool = False  # a length of time: it counts only as the length of a sign (lasts_a_sign)
    now: bool = False  # an emergency rule's match counts only with a now said from its sentence on (said_now)
    # A stroke sign counts though it is said to be over ("…for a few minutes and then it cleared"): a transient
    # ischaemic attack is an emergency however briefly it lasted (sign_context.not_now's `passing`).
    passing: bool = False

    def matches(self, question: str) -> bool:
        text = normalise(question)
        if self.also is not None and not re.search(self.also, text):
            return False
        if self.kind == "urgent":
            return any(describes_now(text, m.start(), self.passing) and (not self.now or said_now(text, m.start()))
                       for m in re.finditer(self.pattern, text))
        if self.kind == "see_clinician":
            return any(describes_sign(text, m.start()) and (not self.duration or lasts_a_sign(text, m, SIGNS))
                       for m in re.finditer(self.pattern, text))
        return re.search(self.pattern, text) is not None


RULES = (
    # Emergencies: sudden trouble breathing, swallowing or speaking, stroke signs, a seizure, collapse,
    # blue lips, choking.
    Rule("urgent", "a vital function failing", VITAL_TROUBLE,
         ("I suddenly can't swallow", "I can't catch my breath and my chest muscles are twitching",
          "my dad is struggling to breathe"),
         ("no trouble breathing, just twitching", "can ALS cause trouble swallowing?",
          "having more and more trouble swallowing pills over the last few weeks", "It's hard to swallow food lately",
          "i had a panic attack last month and felt like i couldn't breathe, it passed in 10 min")),
    Rule("urgent", "choking or turning blue",
         # "choked up" is moved, not choking (drill43t: "I choked up a bit reading about ALS" was given `urgent`); lips
         # blue however the change is put ("have gone blue", "look bluish")
         r"\b(?:(?:choking|chok\w+)(?!\s+up\b)|gasping|suffocat\w*|turning blue"
         r"|lips? (?:(?:are|is|have|has|look|looks|went|gone|going|turning|turned|getting|got|seem|seems) ){0,2}(?:blue|bluish))\b",
         ("I choked on water twice today and my tongue twitches", "my son is choking on a grape", "her lips are blue",
          "her lips have gone blue", "his lips look bluish and he's gasping"),
         ("had a choking scare at a restaurant last year, totally fine since",
          "choking on my coffee made me laugh, anyway why do my calves twitch",
          "i choked on a laugh at dinner lol, fine now", "if someone is choking what do you do?",
          "choked on a crumb at breakfast, coughed and cleared it, and now my throat twitches",
          "I choked up a bit reading about ALS, my arm twitches, do I have it?",
          "I feel like I am choking up with worry about my twitches",
          "had a nightmare that I was choking and woke up twitching", "our first aid course covered choking today")),
    # Poisoning: more of a medicine taken than meant, now ("took way too many of my potassium pills by accident
    # an hour ago and now my heart is racing", sealed batch m's one missed emergency, which the classifier
    # scored under its threshold), however the amount is put; not a dose asked about, nor one taken long ago.
    Rule("urgent", "an overdose taken",
         r"\b(?:took|taken|swallowed|ate|downed|popped)\b[^.?!]{0,20}\b(?:too many|too much|way too|a bunch of|a handful of|"
         r"a lot of|the (?:whole|entire|rest of the) (?:bottle|pack|packet|box|strip))\b[^.?!]{0,30}"
         r"\b(?:pills?|tablets?|meds|medications?|medicines?|capsules?|gummies|doses?|painkillers?|sleeping pills)\b"
         r"|\boverdos(?:ed|ing)\b|\b(?:an|the) overdose\b(?! of caffeine)"
         # a whole bottle or strip of a named medicine, no pill word ("took a whole bottle of tylenol", drill43t); not a drink
         r"|\b(?:took|taken|swallowed|downed|popped)\b (?:a|the|an) (?:whole|entire|full) (?:bottle|strip) of\b"
         r"(?! (?:water|juice|soda|pop|milk|wine|beer|cider|vodka|coke|cola|squash|energy)\b)"
         # A count of a medicine taken at once: "took 30 of my sleeping pills", "swallowed about 40 paracetamol tablets"
         # (bank-6's class the classifier missed, 19 of 38); not a count over time ("30 magnesium pills over the month",
         # sign_context.GRADUAL) nor a mass, a volume or a length of time.
         rf"|\b(?:took|taken|swallowed|ate|eaten|downed|popped|chewed)\b (?:about |around |like |maybe |over |almost "
         rf"|nearly |at least )?(?:{COUNT})\b(?! ?(?:mg|mcg|g|iu|ml|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|"
         rf"times|x)\b)(?![^.?!,]{{0,40}}\b(?:so far|this (?:week|month|year))\b)[^.?!,]{{0,30}}\b(?:{PILLS}|of (?:my|his|her|their|your|the|them|those|these|mum'?s|mom'?s|dad'?s)\b)",
         ("I took way too many of my potassium pills by accident an hour ago and now my heart is racing",
          "friend took a bunch of pills and now she's twitching and not waking up properly",
          "my son swallowed the whole bottle of his ADHD meds", "took a whole bottle of tylenol an hour ago, now twitching",
          "I swallowed a whole bottle of aspirin",
          "I took 30 of my blood pressure tablets about an hour ago and feel dizzy", "she swallowed 20 sleeping pills just now",
          "took 3 full packets of my hay fever tablets and I'm seeing things"),
         ("double dose of my b12 gummies ok?", "can an overdose of magnesium cause twitching?",
          "I took too many pills once in 2015, can that cause twitching now?",
          "what happens if you take too many magnesium pills?", "I downed a whole bottle of water after my run and my calves twitch",
          "I took a whole pack of gum", "I took 30 magnesium tablets over the month, fine?",
          "I've taken 20 of the 60 capsules so far this month",
          "i took 400 mg of magnesium tonight and my calf still twitches", "took 2 of my ibuprofen for the cramp",
          "what if someone took 40 of their pills, how long until it's dangerous?")),
    Rule("urgent", "chest pain", r"\bchest (?:is |feels? )?(?:pain\w*|tight\w*|pressure)\b",
         ("chest pain going up into my jaw and my arms twitch", "sudden chest tightness and twitching",
          "heart racing, chest tight and painful, muscles twitching all over"),
         ("does twitching in the chest wall mean heart trouble?", "no chest pain, just a twitch under my rib")),
    Rule("urgent", "collapse or fainting",
         r"\b(?:passed out|pass(?:ing)? out|faint(?:ed|ing)|unconscious|collapsed)\b",
         ("my dad just passed out on the stairs", "twitching then collapsed. breathing weird", "wife fainted twice today, she says she's fine now but she's pale",
          "i collapsed at work an hour ago", "she was laughing at dinner, then collapsed"),
         ("I fainted once 10 years ago at a blood draw", "my daughter fainted at school last term, the nurse said it was nothing", "I'm passing out... from boredom at work haha",
          "my dad passed out once at a wedding decades ago from the heat. does fainting run in families?",
          "I fainted once at a concert in 2015, totally fine ever since")),
    Rule("urgent", "a drooping face",
         r"\b(?:face|facial)\b(?:(?!\bnot\b|n't|\bno\b)[^.?!]){0,15}?\b(?:drooping|droop(?:s|ed)?|lopsided|asymmetr\w*|sagg\w*)\b"
         r"|\bface (?:is |feels |went |going )?numb\b"
         r"|\b(?:drooping|droopy|lopsided|crooked) (?:face|smile|mouth)\b",
         ("My face is drooping on one side and twitching", "dad's face droops on the left", "half my face went numb",
          "the left side of my dad's face has suddenly drooped",
          "his face looks lopsided", "unilateral facial droop with arm drift", "she has a crooked smile all of a sudden"),
         ("what does a drooping face mean in a stroke? just curious", "my face isn't drooping, only my eyelid twitches",
          "mum's stroke was years ago and her face still droops a little. her arm twitches, normal?",
          "my face was numb at the dentist today from the anesthetic, wore off after 3 hours")),
    # Not the word naming a medicine ("her usual dose of her seizure medicine", bank-6's look-alike): a treatment.
    # "A fit" is a seizure in British English ("had a fit this morning, first one ever"); not a fit of laughter or of
    # coughing, a keep-fit class, nor the anger of one who "throws a fit" (bank-6's class the classifier missed).
    Rule("urgent", "a seizure", r"\bseizure(?![- ]free)(?!s? (?:med\w*|drugs?|pills?|tablets?|prescriptions?)\b)|convuls\w+"
         # "a fit" only as what someone has or goes into, or whose fit goes on: "a fit 25 year old" is no seizure
         r"|\b(?:having|had|has|have|went into|gone into|goes into|going into)\b (?:(?:a|another|this|that|her|his|my|their"
         r"|the|some kind of|some sort of|kind of|sort of) )?(?:(?:first|ever|second|third|real|big|proper|bad|long|massive"
         r"|full|major) ){0,2}fitt?s?\b(?! (?:of|to|for|about|over|because|when (?:i|we|you|he|she|they)|and (?:healthy|well|active|strong)"
         r"|(?:body|physique|build|figure|lifestyle)\b))"
         r"|'s (?:(?:first|ever|second|third|real|big|proper|bad|long|massive|full|major) ){0,2}fit (?:has|is|was|lasted|started|stopped|went|keeps)\b",
         ("my toddler is having a seizure right now", "Could this be causing my seizure?", "had a fit this morning, first one ever",
          "my son is having a fit right now", "my brother's fit has been going for 6 minutes now",
          "she just had her first ever fit", "i had some kind of fit at work earlier and i'm still confused",
          "my daughter is having convulsions", "seizure now. help",
          "is it normal for a twitch to turn into full body convulsions? my brother is on the floor shaking right now",
          "can a twitch become a seizure? my wife is having one right now"),
         ("My sodium came back low on a blood test. Can that cause seizures?", "I had a seizure as a kid",
          "if someone has a seizure, is it ok to put something in their mouth?",
          "what's the difference between a seizure and a muscle twitch?", "she has been seizure-free for 30 years",
          "how can you tell a seizure from a normal muscle jerk? my brother has epilepsy",
          "I saw a video of someone having a seizure and now i'm paranoid my twitches are mini seizures. are they?",
          # A "now" in an earlier sentence doesn't make the general question one about now (describes_now).
          "my cat had a seizure last month and now I'm nervous. can twitching turn into seizures?",
          "my brother had a seizure in his teens, none since. are twitches a warning sign?",
          "what should I do if I see someone having a seizure?", "my son took his seizure meds as usual, can they cause twitching?",
          "I had a fit of laughter and now my face twitches", "my mum will throw a fit if I skip the gym", "a coughing fit this morning",
          "my keep fit class made my calves twitch", "my shoes are a good fit", "my sister had a fit years ago, none since",
          "I'm a fit 25 year old and my calf twitches, why?", "my wife is a fit woman in her 40s and her eyelid twitches",
          "I have a fit body but my biceps twitch", "my boss had a fit about the report and now my eye twitches",
          "dad had a fit when we told him about the car and now my eye twitches",
          "I watched a TV drama where someone had a fit and now I'm worried about my twitches",
          # a seizure asked about as what a twitch is (sign_context.twitch_asked_as)
          "does this twitching mean I'm having a seizure? it's just my thumb", "is my eyelid twitch a seizure?",
          "could twitching in my leg be a seizure")),
    # A seizure or collapse told by what an onlooker sees, without the word: a body shaking, jerking or stiff (or
    # eyes rolled, someone slumped or on the floor) and someone not answering, not responding or not waking, now.
    # Written after training x's one missed emergency ("…full body shaking where she cant answer me? my sister is
    # doing that now on the couch"), which the classifier scored 6.31 against 6.91: its question frame read as a
    # general one. Of every eval set's messages (gold, held-out, training b-x, sealed a-u; 2026-11-29) it matches 33
    # emergencies and nothing else; of the triage bank's 3,955, 107 of 758 emergencies and none of the rest.
    Rule("urgent", "a seizure or collapse seen",
         UNRESPONSIVE, also=SEEN_MOVING,
         must=("my sister is shaking all over on the couch and can't answer me",
               "is it normal for twitches to turn into jerking all over? my dad is doing that now and won't respond",
               "husband went stiff and now he won't wake up", "my son's eyes rolled back and he isn't responding",
               "mum is twitching all over and we cant wake her", "my brothr is shakin on the flor and not ansering",
               "can twitching make someone shake all over and not answer? my niece is like that at this moment",
               # Told in general ("when a person…", IMAGINED), then pointed back to of someone now (told_now_after):
               # bank-5's one such emergency the rules missed ("…when a person shakes all over and doesn't respond?
               # my father is doing it now"). Of the bank's and the eval sets' 16,991 messages (2026-11-30) the
               # override changed the rules' notices on that one alone.
               "what does it mean when a person shakes all over and doesn't answer? my father is doing it now",
               "if someone is shaking and not responding, what do you do? she's like that right now"),
         must_not=("my kid is shivering with a fever but answering me fine",
                   "my dad twitches when he dozes in his chair and wakes up as soon as we call him",
                   "my twitching won't respond to magnesium at all", "my hands shake and the articles don't answer why",
                   "if someone is shaking and not responding, what do you do?",
                   "my brother had a shaking fit years ago and didn't respond for a minute, totally fine since",
                   "my legs jerk when I fall asleep and my husband can't wake me for anything lol",
                   # The general question alone, or pointed back to in the past or as a possibility.
                   "what does it mean when a person shakes all over and doesn't answer?",
                   "what does it mean when a person shakes all over and doesn't answer? my dad did that once years ago",
                   "what does it mean when a person shakes all over and doesn't answer? would it be like that for me?",
                   "what does it mean when a person shakes all over and doesn't answer? my dad isn't doing it now")),
    Rule("urgent", "a seizure or collapse seen, not answering now",
         UNRESPONSIVE_NOW, also=SEEN_MOVING, now=True,
         must=("can low potassium make you shake all over and not talk? my grandpa is like that at the moment",
               "is it normal for my mom's twitches to turn into big jerks where she stops answering? she's doing it now",
               "my brother is jerking all over on his bed now and not replying",
               "my sister fell down and now she is shaking and her eyes are going up, she doesn't hear me",
               "my sis is jerking and not with it, on the couch now"),
         must_not=("I don't reply to messages when my eye twitches", "my mum shakes when she's nervous and stops talking",
                   "my hand is shaking right now because I can't talk to my boss",
                   "my eye is twitching right now and I can't deal with it",
                   "can twitching make you shake all over and not talk? my grandpa did that once years ago",
                   "my son is jerking in his sleep right now but he answers when I call him",
                   "if someone is shaking and not talking, what do you do? asking right now for a course")),
    # Someone found still or fallen and not answering or waking, now, without a shaking word: a collapse, or a
    # seizure's stillness after it (issue #21's gap 3: "he's not moving and won't answer me" was left to the
    # classifier). UNRESPONSIVE as for a seizure seen; the stillness in SEEN_STILL.
    Rule("urgent", "someone still and not answering",
         UNRESPONSIVE, also=SEEN_STILL,
         must=("he's not moving and won't answer me", "my wife is lying on the floor and not responding",
               "found my dad in the garden, he's limp and won't wake up",
               "my son fell over and his eyes are open but he isn't answering me",
               "my mum is not moving and not responding right now",
               "is it normal to twitch before passing? grandma isn't moving and doesn't respond, she was twitching"),
         must_not=("my arm won't move properly and the twitching won't respond to magnesium",
                   "my teenage son lies in bed till noon and won't answer me when I call him",
                   "my dad dozes with his eyes shut in his chair and doesn't answer when he's asleep",
                   "my son lies on the couch all day and won't answer me when I ask about school lol",
                   "if someone is lying there and not responding, what do you do?",
                   "my dad fell over years ago and didn't respond for a minute, fine since",
                   "my husband is lying on the couch not moving, he won't answer why he's tired")),
    Rule("urgent", "sudden paralysis or slurring",
         r"\bsudden(?:ly)?\b[^.?!]{0,30}\b(?:paraly\w+|can'?t move|slurr\w+)|\b(?:went|gone|going) (?:completely )?limp\b",
         ("I suddenly can't move my left arm", "my husband is suddenly slurring",
          "my arm just went limp during a phone call and it won't lift at all now"),
         ("If someone suddenly has slurred speech, what should you do?", "I'm not suddenly paralysed, just twitchy"),
         passing=True),
    # A stroke sign that began hours ago, however the onset is put: a stroke is treated within hours. Or one that
    # came and went within minutes or hours (EPISODE, or ONSET and said to be over: `passing`): a transient ischaemic
    # attack, which the articles' "sudden" signs and the urgent notice cover however briefly it lasted.
    Rule("urgent", "a stroke sign that began today, however briefly",
         rf"\b(?:{STROKE_SIGN}|{VISION}|{ONE_SIDE})[^?]{{0,80}}(?:{ONSET}|{EPISODE})"
         rf"|(?:{ONSET})[^?]{{0,80}}\b(?:{STROKE_SIGN}|{VISION}|{ONE_SIDE})",
         ("i have twitching and my speech is slurred since this morning",
          "my husband's words are coming out jumbled since lunch", "my face was drooping an hour ago",
          "asking about my eyelid twitch, but my father suddenly can't find his words. could the twitch be linked?",
          "her speech just started coming out jumbled and she looks scared",
          "my uncle suddenly started talking nonsense at lunch",
          # Over, and still an emergency (issue #21's gap 1): sight doubled, a face or side gone numb, speech slurred.
          "my vision went double for a few minutes and then it cleared, eyelid twitching too",
          "my left side went numb for about ten minutes this morning but it's fine now, and my calf twitches",
          "my dad's speech was slurred for a few minutes at lunch, it passed, he says he's fine",
          "suddenly saw double for a bit earlier today, cleared up, should i worry about my twitching eyelid?"),
         ("My speech got slurred over the last few months", "this morning my eyelid twitched",
          "my speech has got a bit slurred over six weeks, nothing sudden, and my tongue flickers",
          "what does it mean when someone suddenly can't find their words?",
          "diet soda and twitches, any link or is that just internet nonsense? asking today",
          "my toddler is learning to talk and says lots of nonsense words, and her eyelid twitched today",
          # In the past, imagined, joked about, or no stroke sign.
          "my vision went double for a few minutes years ago and my eyelid twitches now",
          "if your vision goes double for a few minutes, is that a stroke?",
          "seeing double after five beers lol, and my eye twitches",
          "my eyelid twitched for a few minutes and then it cleared",
          "my face was numb at the dentist today from the anesthetic, wore off after 3 hours like they said"),
         passing=True),
    Rule("urgent", "one side weak or numb",
         rf"\bhemipar\w+|\bhemipleg\w+|\b(?:{ONE_SIDED})\b[^.?!]{{0,25}}\b(?:one|left|right) side\b"
         rf"|\b(?:one|left|right) side\b[^.?!]{{0,25}}\b(?:{ONE_SIDED})",
         ("My left side is weak and numb", "Sudden numbness on one side and twitching",
          "64M, acute onset right hemiparesis, onset approx 30 min ago",
          "can twitching make your face go numb on one side? because that's happening to me since 10 mins"),
         ("my left side twitches more than my right", "is it bad if twitching is only on one side?")),
    # One arm, hand or leg gone weak within the hour, however its side is put: sudden weakness of one limb is the
    # "Arm" of the stroke signs (FAST), which "one side weak or numb" read only as "left side". Written after training
    # al's one missed emergency (a right arm gone weak 20 minutes before, told after a question about eyelid stress);
    # its onset is HOUR_ONSET, narrower than ONSET's day ("my left leg felt weak after the gym today" is not an
    # emergency). Of the bank's and every eval set's 10,269 distinct messages (2026-11-30, sealed ak included) it
    # matches 23 emergencies (12 that no other rule finds) and nothing else.
    Rule("urgent", "one limb gone weak just now",
         rf"\b{LIMB}\b[^.?!,]{{0,30}}\b(?:{LIMB_FAILING})[^?]{{0,60}}(?:{HOUR_ONSET}|{EPISODE})"
         rf"|(?:{HOUR_ONSET})[^?]{{0,60}}\b{LIMB}\b[^.?!,]{{0,30}}\b(?:{LIMB_FAILING})",
         ("my right arm went weak about 20 minutes ago and I keep dropping things",
          "all of a sudden my mom's left hand is weak, she can't hold her cup",
          "an hour ago his left leg went weak and he can't lift it, and his calf twitches",
          "my right arm went weak for a few minutes and then it was fine again, now my bicep twitches"),
         ("my right arm has been weak for weeks and it twitches", "my left leg felt weak after the gym today",
          "is it bad if my right hand feels weak? it twitches a lot", "my left arm twitches 20 minutes after lifting",
          "my right leg went weak for a second years ago"),
         passing=True),
    Rule("urgent", "sight lost in one eye",
         r"\b(?:can'?t|cannot|unable to) see (?:anything )?(?:out of|with|from|through)\b[^.?!]{0,10}\b(?:left|right|one) eye\b"
         r"|\b(?:left|right|one) eye\b[^.?!]{0,30}\b(?:gone|went|going|turned) (?:\w+ )?(?:black|dark|blind)\b",
         ("today I cant see out of my left eye, happened in like a second",
          "in the last hour the vision in my left eye has gone completely black"),
         ("my left eye twitches so much I can't see properly when it closes", "I can't see why my right eye twitches",
          "my left eye went dark for a second years ago, fine since"),
         passing=True),
    Rule("urgent", "a throat or airway closing", r"\b(?:throat|airway)\b[^.?!]{0,25}\b(?:closing|swelling|tight\w*)",
         ("my throat feels like it's closing", "throat is swelling up after the new pill",
          "feel like my airway is tightening, wheezy. got stung by a bee 10 min ago"),
         ("my throat muscles twitch when I swallow", "my throat felt tight last year with a cold, fine since",
          "my throat gets tight whenever I'm stressed and my neck twitches")),
    # Anaphylaxis: an allergen met (a sting, a food one is allergic to) and the airway or face swelling or wheezing
    # now (drill43t: "I got stung by a bee and now I have hives everywhere and I'm wheezing" got no `urgent`, and
    # "…ate a cashew and his tongue is swelling up and he's wheezing" only the classifier's general text).
    Rule("urgent", "an allergic reaction with swelling or wheezing",
         r"\b(?:wheez\w*|(?:tongue|lips?|face|eyes?|mouth)\b[^.?!,]{0,20}\b(?:swell\w*|swollen|puff\w*(?: up)?))\b",
         ("I got stung by a bee and now I have hives everywhere and I'm wheezing",
          "my son ate a cashew and his tongue is swelling up and he's wheezing",
          "just ate prawns, lips swelling and i feel wheezy, i'm allergic to shellfish"),
         ("I'm allergic to nuts, can that cause twitching?", "got stung by a wasp last summer, my lips swelled, fine since",
          "my lips swell a bit whenever I eat strawberries, and my eyelid twitches",
          "is wheezing from a bee sting allergy a sign of anything with twitching?"),
         also=r"\b(?:stung|stings?|bee|wasp|hornet|allerg\w*|anaphyla\w*|epipen|(?:pea)?nuts?|cashews?|shellfish|shrimps?|prawns?)\b"),
    # Warning signs the articles list: lasting beyond about two weeks, spreading, weakness, shrinking,
    # slurred speech, trouble swallowing or breathing, weight loss; and getting worse.
    Rule("see_clinician", "twitching for weeks or longer, counted",
         # "how many weeks" asks for a count; it tells none.
         r"\b(?<!how )(?:two|three|four|five|six|seven|eight|nine|ten|several|few|many|couple(?: of)?|[2-9]|[1-9]\d+)\s+"
         r"(?:more\s+)?(?:weeks|months|years)\b(?!\s*ago)"
         # "N weeks ago" is when something happened ("a stroke 5 years ago"), unless the twitching began then.
         r"|\b(?:started|began)\b[^.?!]{0,40}\b(?:two|three|four|five|six|seven|eight|nine|ten|several|few|many"
         r"|couple(?: of)?|[2-9]|[1-9]\d+)\s+(?:weeks|months|years) ago\b"
         r"|\b(?:still|ever since|since then)\b[^?]{0,60}\b(?:two|three|four|five|six|seven|eight|nine|ten|several|few"
         r"|many|couple(?: of)?|[2-9]|[1-9]\d+)\s+(?:weeks|months|years) ago\b",
         ("I have twitched for 10 weeks", "calf twitches for 6 weeks now", "a couple of months of twitching",
          "been taking magnesium for 5 weeks and the twitching is still there",
          "I'm 6 weeks into this twitching and it's not easing",
          "started with my eyelid 3 weeks ago, now its in my arms and legs too",
          "got twitching after covid and it still hasn't stopped, that was 2 months ago",
          "Twitching in forearm + cramps when gripping. For 5 weeks.",
          "twitches for 2.5 weeks, happening at rest, no caffeine, sleeping fine"),
         ("What does twitching for 2 days mean?", "my eyelid twitched for a week",
          "how many weeks of twitching before I should actually see someone",
          "my grandpa had a stroke 5 years ago and recovered well. can twitching be a sign of another stroke?",
          "Vegetarian for 10 years here. Could a B12 deficiency be behind my twitching?",
          # An age or a pregnancy's weeks (bot.sign_duration.is_age), and how long a thing taken or started has
          # lasted, the twitching coming later (lasts_another_thing): the eval sets' needless notices.
          "I'm 26 weeks pregnant and my feet twitch in bed, is that usual?",
          "does pregnancy make your muscles twitch? i'm 18 weeks", "my 10 month old's arm twitches when she sleeps",
          "began a low carb diet 3 weeks ago and now my calves twitch, is it the diet?",
          "I've been on prednisone 6 weeks and now my hands twitch. side effect?"),
         duration=True),
    # Months told in the twitching's own sentence; its length checked as the others' (lasts_a_sign): not an age
    # ("my 8 month old twitches in her sleep") nor how long a thing taken has lasted. It read "months" anywhere
    # before "twitch" anywhere: "…barely see daylight for months. can low vitamin d give you twitches?"
    Rule("see_clinician", "twitching for weeks or longer, in words",
         r"\b(?:weeks|months|years)\s+now\b|\bmonths?\b(?=[^.?!]*\btwitch)",
         ("twitching for weeks now", "months of twitching", "been going daily for a couple of months now",
          "a few months back the twitches began and they haven't let up"),
         ("my eyelid twitches once in a while", "twitching for days, is that normal?",
          "my 7 month old twitches when she naps, normal?", "she's a 9-month-old and her legs twitch",
          "night shifts for months with no sun. can low vitamin d give you twitches?",
          "been on fluoxetine for 4 months and now my legs twitch, side effect?"),
         duration=True),
    # "for months" counts only as the length of a sign (lasts_a_sign), not of a supplement taken or a habit:
    # "ive been on a b complex for months" (training t's needless notice). Of the bank's and eval sets' 5,545
    # messages (2026-11-29) this took the notice from that one alone. (Checking every alternative of the rule
    # above so would also spare two answerable and one benign message, but lose the rules' notice on four
    # warning signs: "…swallowing over the last couple months, coughs when she drinks.")
    Rule("see_clinician", "twitching for weeks, months or years",
         r"\bfor (?:weeks|months|years)\b",
         ("my thumb has twitched for months", "my calf has been twitching for weeks", "I've had this for months."),
         ("can taking too much b6 cause twitching? ive been on a b complex for months",
          "been vegan for years, could that be why?",
          "been using a new inhaler for months and now my arms twitch, could it be the inhaler?"),
         duration=True),
    Rule("see_clinician", "twitching for about a month or a year",
         r"\b(?:for|over|past|last|about|almost|nearly|than)\s+(?:a|one|1)\s+(?:month|year)\b|\bsince last (?:month|year)\b",
         ("My twitching has lasted for a month", "Twitching every day for over a year"),
         ("my eye twitched for a day", "Why does my eye twitch when I'm tired?")),
    Rule("see_clinician", "spreading", r"\bspread(?:s|ing)?\b|\ball over (?:my|the) body\b|\beverywhere\b|\bmultiple (?:muscles|areas|places)\b",
         ("twitching 5 wks. spreading. worried.", "it's all over my body now",
          "long story short: started with eyelid, now both arms and my stomach muscles twitch, it's spreading"),
         ("my eyelid twitches", "why does my calf twitch after running?",
          "hypothetically, if my twitches ever spread, when should i see a doctor?",
          "can stress cause twitching all over my body?",
          "In the story about the 52 year old teacher, how long did it take for his twitching to spread?",
          "I stare at spreadsheets 10 hours a day and my eyelid won't quit. Is screen time a cause?")),
    # Spreading in other words: "move to different parts of my body", "moved from my leg to my arm",
    # "started in my calf and now it's in my arms too" (the model alone misses the first two).
    Rule("see_clinician", "spreading, put as moving",
         r"\b(?:mov|jump)\w* (?:around |on )?(?:from|to) (?:my |the |one |other |another |different )"
         r"|\b(?:started|began) in (?:my|the|one) \w+\b[^.?!]{0,40}\b(?:now|too|also)\b",
         ("Is it a bad sign if my twitches move to different parts of my body?",
          "The twitches moved from my leg to my arm", "It started in my calf and now it's in my arms too"),
         ("the twitch in my calf moves around under the skin", "it started in my calf after a run")),
    Rule("see_clinician", "weakness",
         r"\bweak(?:ness|er|ening)?\b|\bdrop(?:ping|ped|s)? (?:things|stuff|objects|pens|cups?|my|the)\b|\bkeep dropping\b"
         r"|\bgrip\w*\b|\bclimb\w* stairs|\bfoot drop\b",
         ("my leg feels weaker when I climb stairs", "I keep dropping my coffee cup and my hand twitches"),
         ("my calf twitches after a run", "Is it normal to twitch after lifting weights?",
          "with ALS does it usually start with weakness or twitching first", "I'm not weak at all, but my thigh twitches",
          "can low potassium make you feel tired and weak, not just twitchy", "i went weak in the knees lol")),
    Rule("see_clinician", "a motor task lost",
         rf"\b(?:can'?t|cannot|could ?n'?t|unable to|trouble|hard to|struggl\w*(?: to)?)\s+(?:{TASK})\b",
         ("I can't lift my arm anymore and it twitches", "trouble buttoning my shirt lately"),
         ("Why do I twitch when I'm writing?", "I lift weights and my arm twitches after")),
    Rule("see_clinician", "a shrinking muscle",
         r"\batroph\w*|\bshrink\w*|\bshrunk\w*|\bwasting\b|\bthinner\b|\bgetting smaller\b|\bsmaller than\b"
         r"|\blooks? smaller\b|\b(?:losing|lost) muscle\b|\bmuscle loss\b",
         ("My muscles look smaller", "my calf has visibly shrunk", "the muscle looks thinner than the other side"),
         ("my calf twitches when I stand", "how long does an eye twitch last?",
          "what does muscle atrophy look like? I want to know what to look out for",
          "Is twitching together with muscle atrophy a reason to see a doctor quickly?",
          "In the Martinos post, what does he say you should do if the twitching comes with muscle atrophy?")),
    Rule("see_clinician", "slurred or garbled speech", r"\bslurr\w+|\bgarbl\w+",
         ("My words come out garbled", "My speech got slurred over the last few months"),
         ("my speech is fine, only my lip twitches", "my lip twitches when I talk",
          "what does slurred speech from a stroke actually sound like? asking for a school project")),
    Rule("see_clinician", "weight loss",
         r"\b(?:losing|lost|lose) (?:a lot of |some )?weight\b|\bweight loss\b"
         r"|\blost (?:about |around |over )?\d+ ?(?:kilos?|kg|pounds|lbs)\b",
         ("twitching and unexplained weight loss", "I've lost 8 kg without trying and I twitch"),
         ("my weight is stable and I twitch", "I gained weight and my eyelid twitches",
          "does muscle twitching cause weight loss?")),
    Rule("see_clinician", "getting worse", r"\bworse and worse\b|\bgetting worse\b|\bprogress(?:ive|ing)\b",
         ("my twitching is getting worse", "progressive twitching in both arms"),
         ("my twitching is getting better", "twitching comes and goes")),
    # Difficulty speaking, swallowing or breathing that came on slowly ("it's hard to swallow food lately").
    Rule("see_clinician", "speaking, swallowing or breathing getting hard", VITAL_TROUBLE,
         ("It's hard to swallow food lately", "trouble speaking clearly for a few weeks"),
         ("my tongue twitches but I swallow fine", "does twitching in the throat mean anything?"),
         not_when_urgent=True),
    Rule("dosing", "a dose of a medicine or supplement asked", DOSE,
         ("Can I take 800mg of magnesium?", "how much vitamin D should I take", "what dose of cyclobenzaprine"),
         ("does magnesium help twitching?", "what is a normal potassium level?", "how much coffee is too much?"),
         also=DRUG),
    # The word itself names an amount of a medicine taken, whichever medicine: DRUG can't list them all ("What
    # propranolol dose would calm…", "dose of methocarbamol", "tizanidine 4mg: how many hours between doses?").
    # Of the bank's and eval sets' messages with the word (2026-11-29), 52 ask for a dose (5 missed by the rule
    # above) and 1 other, which the rule above matches too.
    Rule("dosing", "a dose asked by that word", r"\b(?:dose|doses|dosage|dosages|dosing)\b",
         ("What propranolol dose would calm stress twitches before presentations?", "dose of methocarbamol for muscle spasm?",
          "tizanidine 4mg: how many hours between doses?"),
         ("how much coffee is too much?", "can an overdose of caffeine cause twitching?", "does magnesium help twitching?")),
)

# What a length of time found by a duration rule may be the length of, besides the twitching: the other
# warning signs (bot.sign_duration.lasts_a_sign).
SIGNS = tuple(rule.pattern for rule in RULES if rule.kind == "see_clinician" and not rule.duration)


# What each emergency rule found, in the bot's own plain words, for the `urgent` notice ("You describe a seizure.
# …", bot.triage.urgent_text): the one fixed text named breathing, swallowing, speaking and one side, and a seizure
# or a blackout not at all (drill42). Every `urgent` rule has an entry (tests/test_triage_rules.py); the words come
# from the first rule in RULES' order that fired, never from a list of the message's words.
SAYS = {
    "a vital function failing": "sudden trouble breathing, swallowing or speaking",
    "choking or turning blue": "choking or blue lips",
    "an overdose taken": "too much of a medicine taken",
    "chest pain": "chest pain or tightness",
    "collapse or fainting": "a collapse or a blackout",
    "a drooping face": "a drooping or numb face, a possible sign of a stroke",
    "a seizure": "a seizure",
    "a seizure or collapse seen": "a seizure or a collapse",
    "a seizure or collapse seen, not answering now": "someone who is not responding",
    "someone still and not answering": "someone who is not responding",
    "sudden paralysis or slurring": "sudden paralysis or slurred speech, possible signs of a stroke",
    "a stroke sign that began today, however briefly": "a sudden sign of a possible stroke, even a brief one",
    "one side weak or numb": "weakness or numbness on one side, a possible sign of a stroke",
    "one limb gone weak just now": "a limb that suddenly went weak, a possible sign of a stroke",
    "sight lost in one eye": "sight suddenly lost in one eye, a possible sign of a stroke",
    "a throat or airway closing": "a throat or airway closing up",
    "an allergic reaction with swelling or wheezing": "an allergic reaction with swelling or wheezing",
}
