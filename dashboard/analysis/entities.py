"""Entity recognition: people, organisations, places (and MISC) with clitics stripped, spelling variants
merged, surnames tied to full names and nationality adjectives counted for their country.

Four sources, in this order (a word belongs to the first that claims it):
1. the curated actor file (actors.csv), with clitic-stripped and quoted forms;
2. names the file does not know, found from given names and titles (وزير الدفاع الإيراني العميد عزيز نصير زاده)
   and from trigger words (حركة النجباء، حي المزة، وكالة «مهر»);
3. nationality adjectives (الأمريكية → United States), except inside an office title (رئيس الوزراء العراقي),
   kept apart from name mentions: `mentions` counts names (ترمب، إيران), `adjective_mentions` the adjectives,
   so a reader can count GDELT-style (both) or by name (the convention of the gold annotation);
4. surnames of the people already found in the article (هود after جوي هود).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from camel_tools.utils.charmap import CharMapper

from dashboard.analysis.lexicon import normalised_set, rows
from dashboard.analysis.lexicon import words as lexicon_words
from dashboard.analysis.matcher import PhraseMatcher, word_forms
from dashboard.analysis.ner import name_labels
from dashboard.analysis.ner.person_words import not_person_words
from dashboard.analysis.places import NO_GEO, Place
from dashboard.analysis.text import QUOTE_CLOSE, QUOTE_OPEN, Token, clitic_forms, normalise, tokenize

_TITLE_LINKS = {normalise(w) for w in ("باسم", "لـ", "ل", "بأعمال", "العام", "الأعلى", "السابق", "في")}
_DEMONYM_ENDINGS = ("ي", "يه", "يا", "ين", "ون", "ان", "تين", "تان", "ات")  # cheap filter before the regex
_BARRIER = set("،,.؛;:!?؟()[]-–—/")


@dataclass
class Identity:
    """What a name is: its canonical Arabic form, English label, entity type and alignment (actors.csv)."""
    name: str
    label_en: str
    type: str
    alignment: str | None


@dataclass
class Actor(Identity):
    quoted_only: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class Mention:
    key: str  # entity identity
    surface: str  # as written, clitics and quotes included
    sentence_index: int
    start: int  # character offsets in the sentence
    end: int
    kind: str = "name"  # "name", or "adjective" for a nationality adjective (الإيرانية → Iran)


@dataclass
class Entity(Identity):
    key: str = ""
    mentions: list[Mention] = field(default_factory=list)
    known_aliases: set[str] = field(default_factory=set)  # curated spellings and surnames, seen or not
    place: Place | None = None  # where it is, when it is a place the geocoder knows (places.py)

    @property
    def name_mentions(self) -> int:
        return sum(m.kind == "name" for m in self.mentions)

    @property
    def surface_forms(self) -> list[str]:
        return sorted({m.surface for m in self.mentions})

    @property
    def aliases(self) -> list[str]:
        return sorted(({m.surface for m in self.mentions} | self.known_aliases) - {self.name})

    def to_dict(self) -> dict:
        return {"name": self.name, "label_en": self.label_en, "type": self.type, "mentions": self.name_mentions,
                "adjective_mentions": len(self.mentions) - self.name_mentions,
                "aliases": self.aliases, "surface_forms": self.surface_forms, "alignment": self.alignment,
                "sentences": sorted({m.sentence_index for m in self.mentions}),
                **(self.place.geo() if self.place else NO_GEO)}


# --- lexicons -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActorForm:
    actor: Actor
    needs_quotes: bool  # a quoted-only actor's form with no trigger word: found only inside quotes


@lru_cache(maxsize=1)
def _actor_rows() -> list[tuple[str, ActorForm]]:
    """(form, ActorForm) for every name and alias in actors.csv, the forms that need quotes first at equal
    length. Keys of actors are their canonical names plus type, so the newspaper «الشرق الأوسط» and the region
    stay apart."""
    triggers = {normalise(r["word"]) for r in rows("entity_triggers.csv")}
    out = []
    for r in rows("actors.csv"):
        aliases = tuple(a for a in r["aliases"].split("|") if a)
        actor = Actor(r["name"], r["label_en"], r["type"], r["alignment"] or None, r["match"] == "quoted", aliases)
        for form in (r["name"],) + aliases:
            out.append((form, ActorForm(actor, actor.quoted_only and not (triggers & set(normalise(form).split())))))
    return sorted(out, key=lambda e: not e[1].needs_quotes)


@lru_cache(maxsize=1)
def actor_matcher() -> PhraseMatcher[ActorForm]:
    return PhraseMatcher(_actor_rows())


@lru_cache(maxsize=1)
def actor_first_words() -> frozenset[str]:
    """The first words of every actor form: a word that starts an actor is no part of an unknown name."""
    return frozenset(normalise(form).split()[0] for form, _ in _actor_rows())


@lru_cache(maxsize=1)
def _actors_by_name() -> dict[str, Actor]:
    return {normalise(f.actor.name): f.actor for _, f in _actor_rows()}


@lru_cache(maxsize=1)
def _demonyms() -> tuple[re.Pattern, dict[str, str]]:
    stems = {normalise(r["stem"]): r["country"] for r in rows("demonyms.csv")}
    alt = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
    pattern = re.compile(rf"^(?:[وفبلك]{{0,2}})(?:ال|ل)?({alt})(ه|ا|ون|ين|ان|تين|تان|ات)?$")
    return pattern, stems


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(normalise(r["head"]).split()[0] for r in rows("titles.csv"))


@lru_cache(maxsize=1)
def _triggers() -> dict[str, tuple[str, bool, bool]]:
    """trigger -> (type, whether it is part of the name, whether common nouns after it are too: keep = nouns)."""
    return {normalise(r["word"]): (r["type"], r["keep"] in ("yes", "nouns"), r["keep"] == "nouns")
            for r in rows("entity_triggers.csv")}


@lru_cache(maxsize=100_000)
def _is_title_word(norm: str) -> bool:
    """A title (رئيس، الجنرال), bare or behind proclitics (وبرئيس); memoised: asked of every word."""
    return any(f in _titles() for f, _ in clitic_forms(norm))


@lru_cache(maxsize=100_000)
def _trigger_in(norm: str) -> tuple[str, int] | None:
    """(trigger word, proclitic length) when a word is an entity trigger (مدينة، وزارة), bare or behind
    proclitics."""
    return next(((f, n) for f, n in clitic_forms(norm) if f in _triggers()), None)


@lru_cache(maxsize=1)
def _never() -> frozenset[str]:
    return frozenset(normalise(r["word"]) for r in rows("never_entities.csv"))


_ADJECTIVE_ENDINGS = ("ي", "ه", "يين", "يون")  # adjectives, normalised: الأمريكي، السعودية، المسلحة، المسلحين


@lru_cache(maxsize=10_000)
def never_entity(norm: str) -> bool:
    """Whether a name (normalised) is a word that is never an entity (never_entities.csv: a currency, a unit, a
    generic noun, a word of faith; with its article, proclitics or accusative ending), alone or with adjectives
    only («الدولار الأمريكي», «الفصائل المسلحة»): «ريال مدريد» is a name."""
    words = norm.split()
    if not words or not any(f in _never() for f, _ in word_forms(words[0], definite=True)):
        return False
    return all(w.endswith(_ADJECTIVE_ENDINGS) for w in words[1:])


@lru_cache(maxsize=1)
def _translit() -> CharMapper:
    return CharMapper({r["arabic"]: r["latin"] for r in rows("translit.csv")})


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    return {normalise(r["arabic"]): r["english"] for r in rows("name_spellings.csv")}


def transliterate(name: str) -> str:
    """Readable Latin label for a name outside actors.csv: each word's usual English spelling where
    name_spellings.csv knows it (محمد باقر الحكيم → Mohammed Baqir al-Hakim), else where the compiled name pairs
    do (ner/name_labels.py: بومبيو → Pompeo), else camel-tools' CharMapper over the letter table translit.csv."""
    whole = name_labels.tables()["name"].get(normalise(name))
    if whole and " " not in name.strip():
        return whole  # a one-word name as Wikipedia or GeoNames spell it: البرازيل → Brazil, الرياض → Riyadh
    words = []
    for w in name.split():
        w = re.sub(r"[\u064B-\u0652\u0640]", "", w)
        known = _spellings().get(normalise(w)) or name_labels.spelling(normalise(w))
        if known:
            words.append(known)
            continue
        prefix = ""
        if w.startswith("ال") and len(w) > 3:
            prefix, w = "al-", w[2:]
            known = _spellings().get(normalise(w)) or name_labels.spelling(normalise(w))
            if known:
                words.append(prefix + known)
                continue
        latin = _translit()(w)
        latin = re.sub(r"(?<=[^aeiou'])w(?=[^aeiou]|$)", "u", latin)
        latin = re.sub(r"(?<=[^aeiou'])y(?=[^aeiou]|$)", "i", latin)
        # short vowels are not written: open a leading consonant cluster (سجاد sjad → sajad, جياد jyad → jiyad)
        m = re.match(r"^((?:sh|kh|th|dh|gh|[bcdfghjklmnpqrstvwxz](?!h)))(?=(y)|[bcdfghjklmnpqrstvwxz'])", latin)
        if m:
            latin = m.group(1) + ("i" if m.group(2) else "a") + latin[m.end(1):]
        latin = re.sub(r"^'(?=[bcdfghjklmnpqrstvwxz])", "a", latin).lstrip("'")  # عزيز 'ziz → aziz
        words.append(prefix + latin[:1].upper() + latin[1:])
    # عبد + a name of God is one name: Abdullah, Abdul Karim (not "Abdul al-Karim")
    return re.sub(r"\bAbdul Allah\b", "Abdullah", " ".join(words)).replace("Abdul al-", "Abdul ")


# --- token helpers --------------------------------------------------------------------------------------

@lru_cache(maxsize=100_000)
def _strict(word: str) -> str:
    """Dediacritised form that keeps alef maksura and ta marbuta apart: على is not the name علي."""
    return re.sub(r"[\u064B-\u0652\u0640]", "", re.sub("[أإآ]", "ا", word))


_QUOTES = frozenset(QUOTE_OPEN + QUOTE_CLOSE)


def _is_quote(tok: Token) -> bool:
    return tok.text in QUOTE_OPEN or tok.text in QUOTE_CLOSE


def _outside_quotes(tokens: tuple[Token, ...]) -> tuple[list[Token], list[bool]]:
    """The tokens that are not quote marks, and whether each stands inside quotes."""
    words, quoted, inside = [], [], False
    for tok in tokens:
        if _is_quote(tok):
            if tok.text in "«“‘":
                inside = True
            elif tok.text in "»”’":
                inside = False
            else:
                inside = not inside
            continue
        words.append(tok)
        quoted.append(inside)
    return words, quoted


class _Sentence:
    """Word tokens of one sentence (quotes removed, barriers kept) with which of them stand in quotes."""

    def __init__(self, text: str, index: int):
        self.text, self.index = text, index
        tokens = tokenize(text)
        if _QUOTES.isdisjoint(text):  # most sentences quote nobody: every token is a word outside quotes
            self.tokens, self.quoted = list(tokens), [False] * len(tokens)
        else:
            self.tokens, self.quoted = _outside_quotes(tokens)
        self.taken = [False] * len(self.tokens)
        self.owner: list["Entity | None"] = [None] * len(self.tokens)  # which entity took each token

    def surface(self, i: int, j: int) -> str:
        """Original words i..j-1, widened to a glued clitic token (لـ) and the quotes around them."""
        start, end = self.tokens[i].start, self.tokens[j - 1].end
        if i > 0 and self.tokens[i - 1].norm in {"ل", "ب", "و", "ك"} and self.tokens[i - 1].end >= start - 2:
            start = self.tokens[i - 1].start
        if end < len(self.text) and self.text[end] in QUOTE_CLOSE and any(q in self.text[start:end] for q in QUOTE_OPEN):
            end += 1
        return self.text[start:end].strip()


# --- recogniser -----------------------------------------------------------------------------------------

# How the trained model and the curated lists share the work (tested in test_entities.py):
# 1. a curated actor (actors.csv) claims its words first and gives identity, English label and alignment;
# 2. the model's spans over the words left become entities — the curated actor when the span, without its
#    proclitics, is a curated name (a model's «والعراق» is Iraq), else a new entity of the model's type;
# 3. the rules for unknown names (titles, given names, verbs of saying, trigger words) see only what neither
#    claimed; nationality adjectives and surnames come last, as before.
MODEL_TYPES = {"PERS": "PERSON", "PER": "PERSON", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}  # PER: camel-tools' tag


class EntityRecognizer:
    def __init__(self, tagger=None):
        """`tagger`: sentences as token lists -> their BIO tags (the trained model), or None for the rules alone."""
        self.tagger = tagger
        self.common = normalised_set("common_words.txt")
        self.given = normalised_set("given_names.txt")
        self.given_written = frozenset(_strict(w) for w in lexicon_words("given_names.txt"))
        self.not_person = not_person_words()  # words of news prose, never part of a name the rules build
        self.entities: dict[str, Entity] = {}

    # entity bookkeeping
    def _entity(self, key, name, label, etype, alignment) -> Entity:
        if key not in self.entities:
            self.entities[key] = Entity(name, label, etype, alignment, key=key)
        return self.entities[key]

    def _add(self, ent: Entity, s: _Sentence, i: int, j: int, kind: str = "name"):
        for k in range(i, j):
            s.taken[k] = True
            s.owner[k] = ent
        ent.mentions.append(Mention(ent.key, s.surface(i, j), s.index, s.tokens[i].start, s.tokens[j - 1].end, kind))

    def _actor_entity(self, actor: Actor) -> Entity:
        ent = self._entity(f"{actor.type}:{normalise(actor.name)}", actor.name, actor.label_en, actor.type,
                           actor.alignment)
        ent.known_aliases.update(actor.aliases)
        return ent

    # 1. gazetteer
    def _match_gazetteer(self, s: _Sentence, i: int) -> tuple[Actor, int] | None:
        norm = s.tokens[i].norm
        if not norm[:1].isalpha() or not actor_matcher().starts(norm):  # most words start no actor's name
            return None

        def allowed(m) -> bool:
            form = m.pattern.payload
            if form.needs_quotes and not s.quoted[i]:
                return False
            if self._other_persons_surname(s, i, m.end, form.actor):
                return False
            return not (form.actor.quoted_only and not form.needs_quotes and s.quoted[i] is False
                        and m.end - m.start == 1)

        m = actor_matcher().match_at(s.tokens, i, accept=allowed)
        return (m.payload.actor, m.end) if m else None

    def _other_persons_surname(self, s: _Sentence, i: int, end: int, actor: Actor) -> bool:
        """A curated person's surname alone, right after a given name that is not theirs («تركي المالكي»,
        «خالد المالكي» are not نوري المالكي): another person of the same family name."""
        if actor.type != "PERSON" or end - i != 1 or i == 0:
            return False
        before = s.tokens[i - 1]
        return _strict(before.text) in self.given_written and before.norm not in normalise(actor.name).split()

    # 2. names the gazetteer does not know
    def _name_like(self, norm: str) -> bool:
        return (len(norm) > 1 and norm not in self.common and norm not in _titles() and not norm[0].isdigit()
                and norm.isalpha() and not _demonyms()[0].match(norm))

    def _person_at(self, s: _Sentence, i: int, after_title: bool) -> int | None:
        """End index of a person name starting at i, or None."""
        toks = s.tokens
        first = toks[i].norm
        given = _strict(toks[i].text) in self.given_written
        if not given and not (after_title and self._name_like(first) and not first.startswith("ال")
                              and not toks[i].text.endswith("ة") and not self._clitic_on_known_word(first)
                              and not self._prose_word_first(toks, i)):
            return None
        j = i + 1
        while j < len(toks) and j - i < 4 and not s.taken[j]:
            w = toks[j].norm
            if w in {"عبد", "ابو", "بن", "ابن"} and j + 1 < len(toks):
                j += 2
                continue
            if _strict(toks[j].text) in self.given_written and w[0] not in "وب":
                j += 1
                continue
            if not self._name_like(w) or w[0] == "و" or (toks[j].text.endswith("ة") and w not in self.given) \
                    or w in self.not_person:
                break
            if any(f in self.common or f in _titles() for f, n in clitic_forms(w) if n):
                break
            if j - 1 > i and toks[j - 1].text.startswith("ال") and not toks[j].text.startswith("ال"):
                break  # a family name with al- ends the name: "جعفر الحسيني رفضه"
            j += 1
        if j == i + 1 and (given or after_title):
            return None  # a lone given name, or one unknown word after a title, is too weak
        return j

    def _prose_word_first(self, toks: tuple[Token, ...], i: int) -> bool:
        """Whether the word after a title is a word of prose (not_person_words) that no surname-like word follows:
        «المتحدث باسم قوات تحالف …» names no one; «الجنرال بات رايدر» does (رايدر is neither prose nor definite)."""
        if toks[i].norm not in self.not_person:
            return False
        after = toks[i + 1].norm if i + 1 < len(toks) else ""
        return not (self._name_like(after) and after not in self.not_person and not after.startswith("ال"))

    def _clitic_on_known_word(self, w: str) -> bool:
        """و + anything, or ب/ل + a word we know (برئيس، للجيش): not the start of a name."""
        if w[0] == "و":
            return True
        return any(n and (f in self.common or f in _titles() or f in actor_first_words()) for f, n in clitic_forms(w))

    def _after_speech_verb(self, s: _Sentence, i: int) -> int | None:
        """قال سعدون الدليمي: an unknown word and a nisba family name right after a verb of saying."""
        toks = s.tokens
        if i == 0 or i + 1 >= len(toks) or toks[i - 1].norm not in normalised_set("speech_verbs.txt"):
            return None
        first, second = toks[i], toks[i + 1]
        if not self._name_like(first.norm) or first.norm.startswith("ال") or first.text.endswith("ة") \
                or self._clitic_on_known_word(first.norm) or s.taken[i + 1] \
                or {first.norm, second.norm} & self.not_person:
            return None
        if second.norm.startswith("ال") and second.norm.endswith("ي") and self._name_like(second.norm) \
                and len(second.norm) > 4:
            return i + 2
        return None

    def _title_then_name(self, s: _Sentence, i: int) -> tuple[int, int, str | None] | None:
        """For a title word at i, the (start, end) of the person named after it and an alignment."""
        toks = s.tokens
        if not _is_title_word(toks[i].norm):
            return None
        alignment = None
        k = i + 1
        while k < len(toks) and k - i <= 8:
            w = toks[k].norm
            if s.taken[k]:
                owner = s.owner[k]
                if owner and owner.type in ("ORG", "LOC"):
                    alignment = alignment or owner.alignment
                k += 1
                continue
            demonym = _demonyms()[0].match(w)
            if demonym:
                country = _actors_by_name().get(normalise(_demonyms()[1][demonym.group(1)]))
                alignment = alignment or (country.alignment if country else None)
                k += 1
                continue
            if w in _titles() or w in _TITLE_LINKS or (
                    w.startswith("ال") and w not in self.given):
                k += 1
                continue
            if w in {"،", ","} and k + 1 < len(toks) and toks[k + 1].norm in self.given:
                k += 1
                continue
            end = self._person_at(s, k, after_title=True)
            return (k, end, alignment) if end else None
        return None

    def _trigger_name(self, s: _Sentence, i: int) -> tuple[int, int, str] | None:
        toks = s.tokens
        hit = _trigger_in(toks[i].norm)
        if not hit or i + 1 >= len(toks) or s.taken[i + 1]:
            return None
        etype, keep, nouns = _triggers()[hit[0]]
        j = i + 1
        if s.quoted[j] and not s.quoted[i]:
            while j < len(toks) and s.quoted[j] and j - i <= 5 and toks[j].norm not in _BARRIER:
                j += 1
        else:
            while j < len(toks) and j - i <= 3 and not s.taken[j]:
                w = toks[j].norm
                # a head that takes the common nouns of its name too: «خلية الإعلام الأمني»
                definite = w.startswith("ال") and (self._name_like(w) or (
                    nouns and w.isalpha() and len(w) > 3 and not _demonyms()[0].match(w)))
                bare_loc = etype == "LOC" and j == i + 1 and self._name_like(w) and w[-1] != "ه" and w[0] not in "يتو"
                if not (definite or bare_loc):
                    break
                j += 1
        if j == i + 1:
            return None
        return (i if keep else i + 1), j, etype, (hit[1] if keep else 0)

    def _may_start_name(self, s: _Sentence, i: int, speech: frozenset[str]) -> bool:
        """Whether any rule of step 3 can start at i: each needs a title, a given name, a trigger word or a verb of
        saying (`speech`) before — a few lookups that spare most words (punctuation and prose) the rules themselves."""
        tok = s.tokens[i]
        return (_is_title_word(tok.norm) or _strict(tok.text) in self.given_written or _trigger_in(tok.norm) is not None
                or (i > 0 and s.tokens[i - 1].norm in speech))

    # 3. nationality adjectives
    def _demonym_at(self, s: _Sentence, i: int) -> Actor | None:
        m = _demonyms()[0].match(s.tokens[i].norm)
        if not m:
            return None
        for k in range(max(0, i - 3), i):  # part of an office title: "رئيس الوزراء العراقي"
            if any(f in _titles() or f in {"وزير", "وزاره", "رئيس"} for f, _ in clitic_forms(s.tokens[k].norm)):
                return None
        return _actors_by_name().get(normalise(_demonyms()[1][m.group(1)]))

    def recognise(self, sentences: list[str]) -> list[Entity]:
        sents = [_Sentence(t, n) for n, t in enumerate(sentences)]
        starts = actor_matcher().starts
        for s in sents:  # 1. curated actors, tried only where one can start (most words start none)
            end = 0
            for i in [k for k, t in enumerate(s.tokens) if t.norm[:1].isalpha() and starts(t.norm)]:
                hit = self._match_gazetteer(s, i) if i >= end else None
                if hit:
                    self._add(self._actor_entity(hit[0]), s, i, hit[1])
                    end = hit[1]
        if self.tagger:  # 2. the trained model, all sentences of the article in one batch
            for s, tags in zip(sents, self.tagger([[t.text for t in s.tokens] for s in sents])):
                self._model_spans(s, tags)
        speech = normalised_set("speech_verbs.txt")
        for s in sents:  # 3. unknown names, tried only where a rule can start (a name found adds given names)
            done = 0
            for i, tok in enumerate(s.tokens):
                if i < done or s.taken[i] or not tok.norm[:1].isalpha() or not self._may_start_name(s, i, speech):
                    continue
                titled = self._title_then_name(s, i)
                if titled and not any(s.taken[titled[0]:titled[1]]):
                    start, done, alignment = titled
                    self._add_person(s, start, done, alignment)
                    continue
                end = self._person_at(s, i, after_title=False) or self._after_speech_verb(s, i)
                if end:
                    self._add_person(s, i, end, None)
                    done = end
                    continue
                trig = self._trigger_name(s, i)
                if trig:
                    start, done, etype, clitic = trig
                    name = " ".join(t.text for t in s.tokens[start:done])[clitic:]
                    key = f"{etype}:{normalise(name)}"
                    self._add(self._entity(key, name, transliterate(name), etype, None), s, start, done)
        for s in sents:  # 4. nationality adjectives
            for i in range(len(s.tokens)):
                if not s.taken[i] and s.tokens[i].norm.endswith(_DEMONYM_ENDINGS):
                    actor = self._demonym_at(s, i)
                    if actor:
                        self._add(self._actor_entity(actor), s, i, i + 1, kind="adjective")
        self._merge_variants()
        surnames = self._surnames()
        for s in sents:  # 5. surnames of people found above
            i = 0
            while i < len(s.tokens):
                hit = None
                if not s.taken[i]:
                    for form, _ in clitic_forms(s.tokens[i].norm):
                        for words, key in surnames.get(form, []):
                            j = i + len(words)
                            if j <= len(s.tokens) and tuple([form] + [t.norm for t in s.tokens[i + 1:j]]) == words \
                                    and not any(s.taken[i:j]):
                                hit = (key, j)
                                break
                        if hit:
                            break
                if hit:
                    self._add(self.entities[hit[0]], s, i, hit[1])
                    i = hit[1]
                else:
                    i += 1
        self._merge_lone_surnames()
        self._merge_clitic_variants()
        return [e for e in self.entities.values() if e.mentions]

    def _merge_clitic_variants(self):
        """A name found with a proclitic glued on («وتل أبيب») is the name found bare in the same article: the
        article itself shows the bare form, so the letter is و/ف/ب/ل/ك, not part of the name."""
        by_name = {normalise(e.name): e for e in self.entities.values()  # names written bare somewhere
                   if any(normalise(m.surface) == normalise(e.name) for m in e.mentions)}
        for ent in [e for e in self.entities.values() if e.mentions]:
            norm = normalise(ent.name)
            bare = by_name.get(norm[1:]) if norm[:1] in PROCLITIC_LETTERS and len(norm) > 3 else None
            if bare is not None and bare is not ent and norm not in _actors_by_name():  # curated names stay whole
                bare.mentions.extend(ent.mentions)
                ent.mentions = []

    def _merge_lone_surnames(self):
        """A one-word person (the model's «جياد») is the surname of the one person whose full name ends with it."""
        people = [e for e in self.entities.values() if e.type == "PERSON" and e.mentions]
        for ent in people:
            words = normalise(ent.name).split()
            if len(words) != 1:
                continue
            full = [p for p in people if p is not ent and len(normalise(p.name).split()) > 1
                    and normalise(p.name).split()[-1] == words[0]]
            if len(full) == 1:
                full[0].mentions.extend(ent.mentions)
                full[0].known_aliases.add(ent.name)
                ent.mentions = []

    def _model_spans(self, s: _Sentence, tags: list[str]):
        """The model's spans, with one policy against them: a head word that is part of its name
        (entity_triggers.csv, keep = nouns) right before a span joins it and gives it its type — ANERcorp, which
        the model learned from, leaves «وزارة» out of «وزارة الصحة العراقية»; the dashboard counts the ministry."""
        from dashboard.analysis.ner.conll import spans

        for start, end, kind in sorted(spans(tags)):
            etype = MODEL_TYPES.get(kind)
            head = _trigger_in(s.tokens[start - 1].norm) if start > 0 and not s.taken[start - 1] else None
            if head and _triggers()[head[0]][2] and kind != "PERS":
                start, etype = start - 1, _triggers()[head[0]][0]
            if kind == "PERS":
                start = self._without_prose_start(s.tokens, start, end)
            if not etype or start >= end or any(s.taken[start:end]) or not s.tokens[start].norm[:1].isalpha():
                continue
            name, clitic = _without_proclitics(" ".join(t.text for t in s.tokens[start:end]))
            norm = normalise(name)
            if norm in self.common or len(norm) < 2 or never_entity(norm):
                continue
            known = _actors_by_name().get(norm)
            ent = self._actor_entity(known) if known else self._entity(
                f"{etype}:{norm}", name, transliterate(name), etype, None)
            self._add(ent, s, start, end)

    def _without_prose_start(self, toks: tuple[Token, ...], start: int, end: int) -> int:
        """Where a person span of the model starts once words of prose in front are dropped («وقالت زاخاروفا»,
        «باريس محمد بن سلمان»): the model itself puts such a word inside a person's name under 1% of the time
        (not_person_words), so in front of a name it is the model's slip. Only the front: a name may end in a
        word of prose («مروان بن الحكم», «شادي الغزالي حرب»). Given names are kept."""
        while start < end and toks[start].norm in self.not_person \
                and _strict(toks[start].text) not in self.given_written:
            start += 1
        return start

    def _add_person(self, s: _Sentence, start: int, end: int, alignment: str | None):
        name = " ".join(t.text for t in s.tokens[start:end])
        norm = normalise(name)
        known = _actors_by_name().get(norm)
        if known:
            ent = self._actor_entity(known)
        else:
            ent = self._entity(f"PERSON:{norm}", name, transliterate(name), "PERSON", alignment)
        self._add(ent, s, start, end)

    def _merge_variants(self):
        """Discovered people whose names differ only in long vowels (بلينكن/بلينكين) are one person."""
        by_skeleton: dict[str, Entity] = {}
        for key in list(self.entities):
            ent = self.entities[key]
            if ent.type != "PERSON" or not ent.mentions:
                continue
            skel = skeleton(ent.name)
            if skel in by_skeleton and by_skeleton[skel] is not ent:
                by_skeleton[skel].mentions.extend(ent.mentions)
                del self.entities[key]
            else:
                by_skeleton[skel] = ent

    def _surnames(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        out: dict[str, list] = {}
        for ent in self.entities.values():
            if ent.type != "PERSON":
                continue
            words = normalise(ent.name).split()
            if len(words) < 2:
                continue
            tail = tuple(words[1:])
            if words[0] in {"عبد", "ابو"}:
                tail = tuple(words[2:])
            if tail and not (len(tail) == 1 and (tail[0] in self.common or tail[0] in self.given)):
                out.setdefault(tail[0], []).append((tail, ent.key))
                ent.known_aliases.add(" ".join(ent.name.split()[len(words) - len(tail):]))
        for lst in out.values():
            lst.sort(key=lambda e: -len(e[0]))
        return out


PROCLITIC_LETTERS = frozenset("وفبلك")  # one-letter proclitics: and, so, with, to, like


def _without_proclitics(name: str) -> tuple[str, int]:
    """A model span written with its proclitics (والعراق، لبايدن) without them: only before the article
    (و/ف/ب/ك + ال, لل → ال) or where the bare word is a known one; «واشنطن», «بغداد» and «لبنان» keep theirs."""
    from dashboard.analysis.ner.clusters import rank

    first, _, rest = name.partition(" ")
    ranks, whole = rank(), normalise(first)
    if whole in normalised_set("given_names.txt"):  # ليلى is Layla, not ل + يلي
        return name, 0
    for form, n in reversed(clitic_forms(whole)):
        definite = form.startswith("ال") and len(form) > 4
        # بإيطاليا → إيطاليا; never ك alone (كامالا is no «like Amala») and never leaving fewer than 3 letters
        more_frequent_bare = (form in ranks and ranks[form] < ranks.get(whole, len(ranks)) and len(form) >= 3
                              and "ك" not in whole[:n])
        if n and (definite or form in actor_first_words() or more_frequent_bare):
            # لل → ال: the written word lost one lam and gains the alef back
            bare = first[n:] if normalise(first[n:]) == form else "ال" + first[n + 1:]
            return (bare + (" " + rest if rest else "")).strip(), n
    return name, 0


def skeleton(name: str) -> str:
    """Consonant outline of a name: long vowels dropped inside words (ترامب → ترمب)."""
    return " ".join(w[0] + re.sub("[اوي]", "", w[1:]) for w in normalise(name).split())


def recognise_entities(sentences: list[str], tagger=None) -> list[Entity]:
    return EntityRecognizer(tagger).recognise(sentences)
