"""Under an `urgent` notice: the one warning sign the articles list that matches the emergency, or the bot's own line.

The articles are about muscle twitching. They list some signs an emergency can show ("Difficulty speaking,
swallowing, or breathing", "Progressive muscle weakness") and say nothing of seizures, overdoses, choking or chest
pain; their list's "consult a neurologist" and "Twitching that lasts longer than two weeks" under "Call your local
emergency number now" read as "see a neurologist in a few weeks" and undercut the notice (issue #21 item 3). So
under the notice the answer quotes a sign only when the emergency's meaning comes close to it
(ExtractiveAnswerer.matching_sign): the emergency as the triage rules that found it name it (bot.triage.described,
the notice's own words), or, when only the classifier found it, the message without the articles' subject words
(Bot.toward_warning_signs). Otherwise the answer quotes nothing and says so in one plain line, refused.
"""
from __future__ import annotations

# The least cosine of a rule's words (SAYS) to the sign quoted. Chosen on the 16 SAYS texts against the articles' six
# warning signs (urg43), labelled by whether the articles list that emergency's sign: breathing, swallowing or speaking
# failing 0.77 and slurred speech 0.60 (-> "Difficulty speaking, swallowing, or breathing"), one side weak 0.51 and a
# limb gone weak 0.50 (-> "Progressive muscle weakness") match; a drooping face 0.49 ("Fasciculations spreading…"),
# a throat closing 0.44, sight lost 0.42, a seizure 0.38, choking or blue lips 0.35, chest pain 0.33, an overdose
# 0.21, a collapse 0.15, someone not responding 0.13 do not (the throat's sign is listed: the one miss). On the bank's
# and the eval sets' 1,000 urgent messages a rule found: of the 403 a listed-sign rule fired on, 392 quote a sign (the 11
# plain are the throat rule's, 0.44: an allergic throat closing); of the 401 only unlisted-sign rules fired on, 400 plain
# and one quoted ("sudenly my speach is slurred and half my face feels numb": the speaking sign, rightly).
MATCHES_SAID = 0.50
# ...and of the message itself (without the articles' subject words), when only the classifier found the emergency.
# Chosen on the triage bank's and the eval sets' 351 such urgent messages (urg43, in sample): at 0.58 two quote a sign,
# both right ("grandmas lips r turnin blue and she cant catch her breth" 0.77, "mum speach sudenly slured…" 0.60 ->
# speaking, swallowing, or breathing); at 0.55 five, one wrong ("…right now my left arm and leg suddenly went numb…"
# 0.578 -> "Unexplained weight loss combined with twitching"). Weakness put plainly ("my left arm suddenly went weak",
# 0.40 to "Progressive muscle weakness") and slurred speech put alone (~0.2: the model does not read "slurred" as
# "difficulty speaking") come no closer than a seizure (0.43): they get the plain line unless a rule names them.
MATCHES_MESSAGE = 0.58

PLAIN_LINE = "The articles are about muscle twitching and don't cover this emergency: follow the notice above."
REASON = "an emergency the articles don't cover: no warning sign they list matches it"


def matches(closeness: float, said: bool) -> bool:
    """The emergency comes close enough to the articles' sign to quote it under the notice (`said`: as the rules name it)."""
    return closeness >= (MATCHES_SAID if said else MATCHES_MESSAGE)
