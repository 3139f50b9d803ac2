"""Who a sentence quotes: the subject of its verb of saying (a `speech` cue of stance_cues.csv: «وقال المتحدث
باسم التحالف إن …» → المتحدث باسم التحالف), or a headline's speaker before its colon («هيلي: إيران تجند الأطفال»
→ هيلي). Reported stance counts (SENTIMENT_GUIDE rule 1), so an analyst reading an outlet's hostile rows needs to
see whose words they are."""
from __future__ import annotations

from dashboard.analysis.lexicon import normalised_set
from dashboard.analysis.stance import cue_matcher
from dashboard.analysis.text import CLAUSE_BREAKS, COMPLEMENTISERS, QUOTE_OPEN, Token

MAX_SPEAKER_WORDS = 8  # a subject longer than this is a clause, not a name or a title
HEADLINE_SPEAKER_WORDS = 3  # «وزير الخارجية الإيراني: …»; a longer head before a colon is a headline's topic


def _says(norm: str) -> bool:
    """Whether a word opens what is said: أن, إن, بأن, or one of them with a pronoun (إنه, أنها)."""
    return norm in COMPLEMENTISERS or any(norm.endswith(p) and norm[:-len(p)] in COMPLEMENTISERS for p in _PRONOUNS)


_PRONOUNS = ("ه", "ها", "هم", "نا")


def quoted_speaker(sentence: str, tokens: tuple[Token, ...]) -> str | None:
    """The words of the sentence that name whom it quotes, as written, or None when it quotes nobody or the
    speaker is only a pronoun («وأكد أن …»)."""
    if not tokens:
        return None
    colon = next((k for k, t in enumerate(tokens[:HEADLINE_SPEAKER_WORDS + 1]) if t.text == ":"), None)
    if colon:
        return sentence[tokens[0].start:tokens[colon - 1].end]
    verb = next((m.start for m in cue_matcher().find_all(tokens) if m.payload.kind == "speech"), None)
    if verb is None:
        return None
    stops, end = normalised_set("not_speakers.txt"), verb + 1
    if end < len(tokens) and tokens[end].norm in stops:
        return None  # «وقال في بيان إن», «وأضاف أيضا أن»: the verb's subject is a pronoun
    while end < len(tokens) and end - verb <= MAX_SPEAKER_WORDS and not _says(tokens[end].norm) \
            and tokens[end].text not in CLAUSE_BREAKS and tokens[end].text not in QUOTE_OPEN:
        end += 1
    if end == verb + 1 or end - verb > MAX_SPEAKER_WORDS or end == len(tokens):
        return None  # no subject, a subject that never reaches what it says, or no words said after it
    end = next((k for k in range(verb + 2, end) if tokens[k].norm in stops), end)  # «الصدر في تغريدة إن»
    if end == verb + 2 and tokens[verb + 1].norm[:1] == "ل":
        return None  # «وقال لرويترز إن»: whom it was said to
    if any(m.payload.kind == "speech" for m in cue_matcher().find_all(tokens[verb + 1:end])):
        return None  # «وأضاف وتابع قائلا»: verbs of saying in a row, no subject between them
    return sentence[tokens[verb + 1].start:tokens[end - 1].end]
