"""Whether the words around a sign found in a message say it happens to someone now (emergencies) or is
told of someone at all (warning signs): the context checks the triage rules (bot.triage_rules) run on
each match.

An emergency rule fires only on a sign described as happening now to someone. Its match is skipped when
the words around it say otherwise, as clinical text readers do (NegEx/ConText: negated, historical,
hypothetical): "no trouble breathing", "Can low sodium cause seizures?", "I had a seizure as a kid",
"choked on water, all fine now", "if someone has slurred speech", "I'm passing out from boredom lol".
A question about no one ("does fainting run in families?", "how can you tell a seizure from a jerk?"), a
sign seen in a video or read in a story, and laughter in the sign's clause don't describe one either.

A warning-sign rule fires only on a sign told of someone (describes_sign): not denied ("no weakness"),
imagined, joked about, read in a story, asked as an effect ("can red bull cause twitching all over my
body?") nor asked about in general ("with ALS does it usually start with weakness", "can low potassium
make you weak?"): the notice says "what you describe", and shown on a message describing nothing it is
noise a reader learns to skip (#21's blind judge).
The measurements of these checks are in bot.triage_rules.
"""
from __future__ import annotations

import re


def normalise(question: str) -> str:
    return question.lower().replace("’", "'")


# Someone the sign happens to (ConText's experiencer): a pronoun, a relative, a friend, a patient ("64M").
PERSON = (r"\b(?:i|i'm|im|i've|ive|my|me|we|our|he|she|they|his|her|their|mum|mom|mother|dad|father|wife|husband|"
          r"partner|boyfriend|girlfriend|gf|bf|son|daughter|child|kid|baby|toddler|brother|sister|friend|grand\w+|gran|"
          r"nan|uncle|aunt|neighbou?r|roommate|flatmate|colleague|coworker|pt|patient|\d+ ?(?:m|f|yo|y/o))\b")
NEGATED = r"\b(no|not|never|without|n't)\b[^.,;!?]{0,12}$"
# A sign that is itself put as a negation ("won't answer", "not responding"): a negation before it in another
# coordinated clause is that clause's ("he's not moving and won't answer me"), not a denial of this one.
SIGN_NEGATED = r"(?:no|not|never|can'?t|cant|cannot|won'?t|wont|isn'?t|aren'?t|doesn'?t|does not|didn'?t|wasn'?t)\b"
# "Can low sodium cause seizures?": the sentence asks what something can lead to; it describes nothing.
ASKED_EFFECT = (r"\b(?:can|could|does|do|will|would|might|may)\b[^.?!]{0,40}"
                r"\b(?:cause|lead to|trigger|give|bring on|result in)\b[^.?!]{0,20}$")
# "at this moment", "as we speak", "rn" were missing (a seizure told inside a general question, "…and not answer? my
# daughter is doing it at this moment"): of the eval sets' and the bank's 9,000 messages (2026-11-29) they give
# `urgent` to 1 more emergency and to no other message.
NOW = r"\bsudden|right now|just now|\bnow\b|\b(?:at (?:this|the) moment|as we speak|as i type|this (?:very )?minute|rn)\b|\bsince (?:\d+|a few|an?) ?(?:minutes?|mins?|hours?|hrs?)\b"
# ConText's cues. A time in the past within the sign's clause ("a seizure as a kid", "fainted once in 2015").
PAST = (r"\b(?:\d+|a|one|two|three|few|several|many|some) (?:days?|weeks?|months?|years?|decades?) ago\b|\bdecades\b"
        r"|\blast (?:week|month|year|term|semester|christmas|summer|winter|spring|autumn|fall)\b|\bas a (?:kid|child|baby|toddler|teen\w*)\b"
        r"|\bwhen (?:i|she|he|they) (?:was|were) (?:a |\d)|\bat age \d|\bin (?:19|20)\d\d\b|(?<!at )\bonce\b|\bhistory of\b"
        # Uncounted: "his stroke was years ago", "a seizure in his twenties"
        r"|\b(?:years|decades) ago\b|\bin (?:my|his|her|their|our) (?:teens|twenties|thirties|forties|fifties|sixties|childhood|youth)\b")
# The message says it is over ("coughed and it cleared", "totally fine since").
RESOLVED = (r"\b(?:fine|ok|okay|better) (?:now|since|ever since)\b|\ball (?:good|fine)\b|\btotally fine\b"
            r"|\bit (?:cleared|passed)\b|\bcleared it\b|\bpassed in\b|\bnone since\b")
# A sign imagined or asked about in general, or a figure of speech marked as a joke.
IMAGINED = (r"\b(?:if|when) (?:someone|somebody|a person|you)\b|\bhypothetic\w*|\bin case\b|\bwhat (?:should|do) you do\b|\bsuppose\b"
            # Seen or read about, not lived (ConText's experiencer "other"): "a video of someone having a
            # seizure", "my textbook mentions it", "asking for a school project"; and learning to recognise a
            # sign ("how can you tell a seizure from a jerk", "what to look out for").
            r"|\b(?:video|movie|film|documentary|textbook|school (?:project|report)|tv (?:show|drama|series|programme|program)"
            r"|case study)\b|\b(?:watched|saw|read)\b[^.?!]{0,30}\bwhere (?:someone|somebody|a (?:man|woman|person|character))\b"
            r"|\b(?:in|from) (?:the|this|that|the article'?s?) (?:story|example)\b"  # not "long story short: ..."
            # ...or asked of what an article advises: "what does he say you should do if the twitching comes with
            # muscle atrophy?" (training t's needless notice; of the bank's and eval sets' 5,545 messages, the
            # only one this spares).
            r"|\bwhat (?:does|did) (?:he|she|it|the (?:article|post|blog|author|page)) (?:say|recommend|suggest)\b"
            r"|\bhow (?:can|do|would) (?:you|i|we|one) (?:tell|know|recogni[sz]e)\b|\bwhat to look (?:for|out for)\b"
            # Asked of an emergency that may come, by the one who would help (bank-6's look-alikes, #21 item 1): "what
            # should I do if I see someone having a seizure?", "if we ever find him collapsed…".
            # (Not "what should I do if…" alone: "…if I'm losing weight for no reason" tells a sign.)
            r"|\bif (?:i|we) (?:ever )?(?:see|find|witness)\b"
            # Dreamt, or taught: "in my dream I was choking", "my first aid course covered choking and stroke signs".
            r"|\bdream\w*|\bnightmare\w*|\b(?:first[- ]aid|cpr|safety|training) (?:course|class|training|session)\b"
            r"|\b(?:lecture|seminar|webinar)\b")
JOKE = r"\blol\b|\bhaha\w*|\blmao\b|😂|\bjk\b"
# Laughter within the sign's own clause: someone laughing is breathing ("choking on my coffee made me laugh",
# "laughing so hard I can't breathe"); not a laugh in another clause ("she was laughing, then collapsed").
LAUGHING = r"\blaugh\w*"
# A sign that came on slowly is a warning sign, not an emergency ("choking on drinks more and more over
# the past month"): the articles' emergency is sudden. Not "getting worse" ("…by the minute").
GRADUAL = (r"\b(?:lately|gradual\w*|slowly|more and more|more often|creeping|as the weeks"
           r"|over (?:the )?(?:past|last) (?:few |couple (?:of )?)?(?:weeks?|months?|years?)"
           r"|over (?:a few |several |many |\d+ )?(?:weeks|months|years)|these days"
           # A count spread over time: "30 magnesium pills over the month" (bank-6's look-alikes).
           r"|over (?:the|a|this|that|one) (?:whole |entire )?(?:week|month|year)|(?:a|per|each|every) day)\b")
# A sign told as what happens again and again on a cue, not now: "my throat feels a bit tight when I'm anxious",
# "whenever I lie down" (bank-6's look-alike, #21 item 1); not "when I'm eating" (happening as told).
HABITUAL = r"\bwhenever\b|\bevery time\b|\bwhen (?:i'?m|i am|i get|i feel) (?!\w+ing\b)\w+"
# Present within the clause, which outweighs a past or resolved cue ("last week ..., today she just fainted").
# "just" as "merely" ("was just a simple faint", bank-6's look-alike) says no time.
PRESENT = (r"\b(?:right now|just now|just(?! (?:a|an|the)\b)|currently|at the moment|this (?:morning|afternoon|evening)|today|tonight)\b"
           r"|\b(?:minutes?|mins?|hours?|hrs?) ago\b")
# A ConText cue reaches to the end of its clause: "had a stroke 2 years ago and now his face is drooping".
CLAUSE_END = r"[.?!\n;,]|\b(?:but|and now|now|then|since then|however)\b"


def sentence_at(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in ".?!\n") + 1
    ends = [i for i in (text.find(c, at) for c in ".?!\n") if i >= 0]
    return text[start:min(ends) if ends else len(text)]


def clause_at(text: str, at: int) -> str:
    start = max((m.end() for m in re.finditer(CLAUSE_END, text[:at])), default=0)
    end = re.search(CLAUSE_END, text[at:])
    return text[start:at + (end.start() if end else len(text) - at)]


# A later sentence pointing back to the sign told in general: "…when a person shakes all over and doesn't respond? my
# father is doing it now", "she's like that right now", "that's happening to my son as i type", "that's my sister".
POINTS_BACK = (r"\b(?:doing (?:it|that|this|the same)|like (?:that|this)|the same\b|(?:that|this|it)(?:'s| is) "
               r"(?:happening|going on|what)|happening to|that'?s (?:my|him|her|me|us|what))")
# ...not as a wish, a worry or a possibility ("would it be like that for me?", "what if my son is like that now?").
NOT_TOLD = r"\b(?:would|could|might|may|will|if|whether|ever|imagine|suppose|hypothetic\w*)\b"


def told_now_after(text: str, at: int) -> bool:
    """Whether a sentence after the sign's points back to it and tells it of someone now: the sign was asked
    about in general or imagined ("what does it mean when a person shakes all over and doesn't answer?") and the
    next sentence says "my father is doing it now". The pointer needs a person (or "me") and a now (NOW or
    PRESENT) in its sentence, and no denial, condition or past in it ("my dad did that once years ago", "would it
    be like that for me?", "he isn't doing it now")."""
    end = re.search(r"[.?!\n]", text[at:])
    if end is None:
        return False
    rest = text[at + end.start():]
    for later in re.split(r"(?<=[.?!\n])", rest):
        pointer = re.search(POINTS_BACK, later)
        if (pointer and re.search(PERSON, later) and (re.search(NOW, later) or re.search(PRESENT, later))
                and not re.search(r"(?:\b(?:no|not|never)\b|n't)[^.,;!?]{0,12}$", later[:pointer.start()])
                and not re.search(NOT_TOLD, later) and not re.search(PAST, later) and not re.search(IMAGINED, later)):
            return True
    return False


def said_now(text: str, at: int) -> bool:
    """Whether a now (NOW or PRESENT) is said from the sentence of the sign found at `at` on."""
    start = max(text.rfind(c, 0, at) for c in ".?!\n") + 1
    return bool(re.search(NOW, text[start:]) or re.search(PRESENT, text[start:]))


def not_now(text: str, at: int, passing: bool = False) -> bool:
    """Whether the sign found at `at` is put in the past, said to be over, came on slowly, or is
    imagined or joked about (an imagined one told of someone now by a later sentence counts: told_now_after).
    `passing`: a sign said to be over still counts (a stroke sign that passed within minutes is a transient
    ischaemic attack, an emergency however briefly it lasted); one put in the past ("years ago") does not."""
    sentence, clause = sentence_at(text, at), clause_at(text, at)
    if (re.search(IMAGINED, sentence) and not told_now_after(text, at)) or re.search(JOKE, text) \
            or re.search(LAUGHING, clause):
        return True
    if not passing and re.search(RESOLVED, sentence) and not re.search(r"\b(?:but|then|and now|now)\b", sentence):
        return True  # over within its own sentence: "choked on a crumb this morning, coughed and cleared it"
    if re.search(PRESENT, clause):
        return False
    if (re.search(GRADUAL, clause) or re.search(HABITUAL, clause)) and not re.search(NOW, clause):
        return True
    return bool(re.search(PAST, clause) or (not passing and re.search(RESOLVED, text) and not re.search(PRESENT, sentence)))


# A word pointing back to what the message told ("is this a seizure?", "is he ok?").
BACK = r"\b(?:this|that|it|these|those|he|she|they|him|her|them)\b"


# A sentence put as a question without its "?" ("with als does it usually start with weakness"): an
# interrogative first, or after a short opening ("with als does…", "so what…").
QUESTION_START = (r"^\W*(?:(?:with|for|in|about|and|so|but|ok|also) (?:\w+ )?)?(?:what|how|why|when|which|who|where|does|do|did|is|are|can(?!'|not|t\b)|could"
                  r"|would|should|will)\b")


def asked_in_general(text: str, at: int, unmarked: bool = False) -> bool:
    """Whether the sign found at `at` sits in a question about no one: the question names nobody it
    happens to and doesn't point back to someone the message told of ("does fainting run in families?",
    "with ALS does it usually start with weakness?"; not "dad is shaking. is this a seizure?").
    `unmarked`: a question without its "?" counts too (QUESTION_START)."""
    sentence = sentence_at(text, at)
    end = re.search(r"[.?!\n]", text[at:])
    marked = end is not None and text[at + end.start()] == "?"
    if not (marked or (unmarked and end is None and re.search(QUESTION_START, sentence))):
        return False
    return not (re.search(PERSON, sentence) or (re.search(BACK, sentence) and re.search(PERSON, text)))


def describes_sign(text: str, at: int) -> bool:
    """Whether the warning sign found at `at` in the (normalised) text is told of someone, not denied
    ("no weakness", "I'm not weak"), imagined or joked about ("weak in the knees ... lol"), nor asked
    about in general ("can low potassium make you weak?", "what does weakness from ALS feel like?")."""
    if re.search(NEGATED, text[max(0, at - 20):at]) or re.search(ASKED_EFFECT, text[max(0, at - 80):at]):
        return False  # "no weakness", "can red bull cause twitching all over my body?"
    sentence = sentence_at(text, at)
    if re.search(IMAGINED, sentence) or re.search(JOKE, sentence):
        return False
    return not asked_in_general(text, at, unmarked=True)


# An emergency named as what the writer's twitch might be, in a question ("is my eyelid twitch a seizure?", "does this
# twitching mean I'm having a seizure? it's just my thumb"): a twitch asked about, which the articles answer, not an
# emergency told. Only a named condition can be what a twitch "is": a sign described ("can't wake him", "shaking all
# over") is told, and its rules read it as before.
TWITCH = r"\b(?:twitch\w*|fasciculat\w*)\b"
ASKED_AS = r"\b(?:be|is|are|was|mean|means|meaning|a sign of|signs? of|count as|turn(?:ing)? into)\b"
NAMED = r"(?:seizure|convuls\w*|stroke|mini.?stroke|heart attack)\b"


def twitch_asked_as(text: str, at: int) -> bool:
    """Whether the emergency named at `at` (NAMED) is asked about as what someone's twitching is or means (a twitch
    and ASKED_AS before it in its sentence), in a question: the sentence ends with "?" or is put as one
    (QUESTION_START), says no now (PRESENT) and no now (NOW) is said from it on, and no later sentence tells of it
    happening now (told_now_after: "can a twitch become a seizure? my wife is doing it as i type")."""
    if not re.match(NAMED, text[at:]):
        return False
    start = max(text.rfind(c, 0, at) for c in ".?!\n") + 1
    end = re.search(r"[.?!\n]", text[at:])
    sentence = text[start:at + (end.start() if end else len(text) - at)]
    asked = (end is not None and text[at + end.start()] == "?") or (end is None and re.search(QUESTION_START, sentence))
    before = text[start:at]
    return bool(asked and re.search(TWITCH, before) and re.search(ASKED_AS, before) and not re.search(NOW, text[start:])
                and not re.search(PRESENT, sentence) and not told_now_after(text, at))


def describes_now(text: str, at: int, passing: bool = False) -> bool:
    """Whether the sign found at `at` in the (normalised) text is described as happening to someone now:
    said of someone or as happening now, or stated rather than asked about ("cant breathe. lips blue").
    `passing`: or happened to someone within the day and is over (not_now)."""
    before = text[max(0, at - 20):at]
    if re.match(SIGN_NEGATED, text[at:]):
        before = re.split(r"\band\b", before)[-1]  # "not moving and won't answer me": each "not" its own sign's
    if re.search(NEGATED, before):
        return False  # "no trouble breathing"
    if re.search(ASKED_EFFECT, text[max(0, at - 80):at]) and not re.search(NOW, text):
        return False  # "Can that cause seizures?"
    if not_now(text, at, passing) or twitch_asked_as(text, at):
        return False
    end = re.search(r"[.?!\n]", text[at:])
    # "does ALS make it hard to breathe?", "does fainting run in families? my legs twitch"
    # A "now" counts from the question's sentence on ("can twitching make your face go numb? because that's
    # happening to me since 10 mins"), not from an earlier one ("my dog had a seizure last week and now i'm
    # paranoid. can twitching turn into seizures?").
    start = max(text.rfind(c, 0, at) for c in ".?!\n") + 1
    return bool(not asked_in_general(text, at) or re.search(NOW, text[start:]))
