"""Speed and memory of the analysis (`python -m dashboard bench`): words/s of the whole pipeline on a
generated corpus, against camel-tools' simple_word_tokenize on the same text in the same run, and the
wall time of `analyze` on a folder of articles, start-up included."""
from __future__ import annotations

import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dashboard.analysis.text import sentences
from dashboard.sources.articles import extract_articles

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# Words inserted at random places so every generated sentence is new text (no cache hits between articles).
FILLERS = ["أيضاً", "حالياً", "مجدداً", "رسمياً", "فعلاً", "تقريباً", "ميدانياً", "سياسياً", "أمنياً", "كذلك",
           "اليوم", "مؤخراً", "بدوره", "حينها", "عملياً", "جزئياً", "علناً", "سراً", "فوراً", "لاحقاً"]
OUTLETS = ["الشرق الأوسط", "العرب", "حفريات", "المدى", "الحرة", "الميادين", "العربية", "الجزيرة"]


def seed_sentences() -> list[str]:
    out = []
    for f in sorted(SEEDS.glob("*.txt")):
        for art in extract_articles(f.read_text(encoding="utf-8")):
            out += [s for s in sentences(art.body) if len(s) > 40]
    return out


def generate_articles(n: int, seed: int = 7) -> list[str]:
    """Articles built from seed sentences in new orders, with numbers, dates and outlets varied, so no two
    are copies (ids differ) while the language stays real."""
    rng = random.Random(seed)
    pool = seed_sentences()
    docs = []
    for i in range(n):
        picked = rng.sample(pool, k=rng.randint(8, 20))
        body = []
        for s in picked:
            s = re.sub(r"\d+", lambda m: str(max(1, int(m.group()) + rng.randint(-9, 9))), s)
            words = s.split()
            for _ in range(2):
                words.insert(rng.randrange(1, len(words)), rng.choice(FILLERS))
            body.append(" ".join(words))
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        year = rng.choice([2020, 2021, 2022, 2023, 2024])
        title = picked[0][:70].rstrip("،. ")
        outlet = rng.choice(OUTLETS)
        paras = "\n\n".join(body)
        docs.append(f"{title}\n\n{year}/{month:02d}/{day:02d}\n\n{paras}\n\nوقال مصدر لـ«{outlet}» إن التقرير رقم {i}.\n")
    return docs


ROUNDS = 3  # rounds on new text each (no sentence cached from a round before); the median round is reported
SLICE_ARTICLES = 10  # the tokeniser and the analysis take turns on slices of this many articles: this machine's
# speed drifts by half within seconds, and turns make a slow or a fast second fall on both alike


def _corpus(megabytes: float, first_seed: int) -> list[str]:
    docs, size = [], 0
    while size < megabytes * 1e6:
        d = generate_articles(1, seed=first_seed + len(docs))[0]
        docs.append(d)
        size += len(d.encode("utf-8"))
    return docs


def run_benchmark(megabytes: float = 1.2, folder_articles: int = 100, engine_name: str = "auto") -> dict:
    from camel_tools.tokenizers.word import simple_word_tokenize

    from dashboard.analysis.engines import get_engine
    from dashboard.analysis.pipeline import analyse_bytes

    engine = get_engine(engine_name)
    # tables the engine loads on first use (model, clusters) are start-up, timed with the CLI below, not speed
    analyse_bytes("warm-up.txt", generate_articles(1, seed=1)[0].encode("utf-8"), engine)
    rounds = []
    for r in range(ROUNDS):
        docs = _corpus(megabytes, first_seed=1000 + 10_000 * r)  # new text: no sentence is cached from a round before
        t_tok = t_all = 0.0
        n_words = n_articles = 0
        for k in range(0, len(docs), SLICE_ARTICLES):
            part = docs[k:k + SLICE_ARTICLES]
            t0 = time.perf_counter()
            n_words += sum(1 for tok in simple_word_tokenize("\n".join(part)) if tok[0].isalnum())
            t_tok += time.perf_counter() - t0
            t0 = time.perf_counter()
            n_articles += sum(len(analyse_bytes(f"doc{k + i}.txt", d.encode("utf-8"), engine))
                              for i, d in enumerate(part))
            t_all += time.perf_counter() - t0
        rounds.append((t_all / t_tok, t_all, t_tok, n_words, n_articles, sum(len(d.encode("utf-8")) for d in docs)))
    ratios = sorted(r[0] for r in rounds)
    ratio, t_all, t_tok, n_words, n_articles, size = sorted(rounds)[len(rounds) // 2]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB

    with tempfile.TemporaryDirectory() as tmp:
        for i, d in enumerate(generate_articles(folder_articles, seed=11)):
            Path(tmp, f"article_{i:03d}.txt").write_text(d, encoding="utf-8")
        folder_words = sum(len(simple_word_tokenize(p.read_text(encoding="utf-8"))) for p in Path(tmp).iterdir())
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dashboard", "analyze", tmp, "--json", "--engine", engine.name],
                       check=True, stdout=subprocess.DEVNULL)
        t_cli = time.perf_counter() - t0

    result = {
        "corpus_mb": size / 1e6, "words": n_words, "articles": n_articles,
        "analysis_s": t_all, "analysis_words_per_s": n_words / t_all,
        "tokenize_s": t_tok, "tokenize_words_per_s": n_words / t_tok, "ratio_to_tokenizer": ratio,
        "ratios_of_rounds": ratios,
        "peak_mb": peak / 1e6, "folder_articles": folder_articles, "folder_words": folder_words,
        "folder_cli_s": t_cli, "folder_words_per_s": folder_words / t_cli,
    }
    print(f"engine {engine.name}; corpus of the median round: {result['corpus_mb']:.2f} MB, {n_words:,} words, "
          f"{n_articles:,} articles")
    print(f"whole analysis:        {t_all:7.2f} s  {result['analysis_words_per_s']:>10,.0f} words/s  "
          f"(peak RSS {result['peak_mb']:.0f} MB)")
    print(f"camel simple_word_tokenize: {t_tok:7.2f} s  {result['tokenize_words_per_s']:>10,.0f} words/s")
    print(f"analysis / tokenisation time: {ratio:.1f}x (median of {ROUNDS} rounds: "
          f"{', '.join(f'{x:.1f}x' for x in ratios)})")
    print(f"analyze CLI on {folder_articles} articles ({folder_words:,} words), start-up included: {t_cli:.2f} s "
          f"= {result['folder_words_per_s']:,.0f} words/s")
    return result
