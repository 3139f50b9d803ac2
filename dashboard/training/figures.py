"""Train and measure the figure-actor ranker: `python -m dashboard figures train|cv|evaluate`.

A gold claim of `figures.csv` is matched to an extracted figure as `../shared/tools/evaluate.py` matches it (the
same value, and a gold evidence inside the figure's sentence or evidence, or the other way round; a figure of the
claim's category first, each figure used once). The ranker learns from the matched figures whose gold actor is
among their candidates: that candidate is the positive, the others negatives.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.analysis.engines import get_engine
from dashboard.analysis.figure_roles import MODEL_PATH, Candidate, choose, doc_candidates
from dashboard.analysis.linear import LinearModel, fit
from dashboard.training.gold import Article, analyse_folder, article_folds, by_key, group_folds, loose, read_rows

FEATURE_ENGINE = "crf"
C_GRID = (0.1, 0.3, 1.0, 3.0)
NOT_SCORED = ("", "unknown")  # gold actors the scorer leaves out of the actor rate


@dataclass
class Claim:
    article: tuple[str, int]
    gold: str
    candidates: list[Candidate] | None  # None: no extracted figure matches the claim


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _matches(figure, value: float, evidences: list[str]) -> bool:
    text = loose(figure.sentence) + " | " + loose(figure.evidence)
    own = loose(figure.evidence)
    return _same_value(figure.value, value) and any(loose(e) in text or (own and own in loose(e)) for e in evidences)


def claims_of(articles: list[Article], gold_rows: list[dict]) -> list[Claim]:
    arts = by_key(articles)
    grouped: dict[tuple, list[dict]] = {}
    for g in gold_rows:
        grouped.setdefault((g["seed"], int(g["article"]), g["value"], g["category"]), []).append(g)
    per_article = {key: doc_candidates(a.doc) for key, a in arts.items()}
    used: set[tuple] = set()
    out = []
    for (seed, index, value, category), rows in grouped.items():
        figs = list(enumerate(per_article.get((seed, index), [])))
        evidences = [r["evidence"] for r in rows]
        hits = [(i, fc) for i, fc in figs if (seed, index, i) not in used and _matches(fc[0], float(value), evidences)]
        hits.sort(key=lambda h: h[1][0].category != category)
        gold = (rows[0].get("actor") or "").strip().lower()
        if hits:
            i, (_, cands) = hits[0]
            used.add((seed, index, i))
            out.append(Claim((seed, index), gold, cands))
        else:
            out.append(Claim((seed, index), gold, None))
    return out


def scored(claims: list[Claim]) -> list[Claim]:
    """The claims the scorer rates an actor for: matched, with a gold actor that is a side."""
    return [c for c in claims if c.candidates is not None and c.gold not in NOT_SCORED]


def train_model(claims: list[Claim], c: float, meta: dict | None = None) -> LinearModel:
    xs, ys = [], []
    for claim in scored(claims):
        if any(k.actor == claim.gold for k in claim.candidates):
            for k in claim.candidates:
                xs.append(k.features)
                ys.append(int(k.actor == claim.gold))
    return fit(xs, ys, c, balanced=False, meta=meta)


def actor_rate(model: LinearModel, claims: list[Claim]) -> tuple[int, int]:
    rated = scored(claims)
    return sum(choose(model, c.candidates) == c.gold for c in rated), len(rated)


def cross_validate(claims: list[Claim], folds: list[set], c: float) -> tuple[int, int]:
    right = total = 0
    for held in folds:
        model = train_model([x for x in claims if x.article not in held], c)
        r, t = actor_rate(model, [x for x in claims if x.article in held])
        right, total = right + r, total + t
    return right, total


def analyse(folder: Path) -> list[Article]:
    return analyse_folder(folder, get_engine(FEATURE_ENGINE))


def cv_report(data: Path, c: float | None = None) -> tuple[str, float]:
    articles = analyse(data / "texts")
    claims = claims_of(articles, read_rows(data, "figures.csv"))
    rated = scored(claims)
    rules = sum(next((k.actor for k in x.candidates if "rule_actor" in k.features), None) == x.gold for x in rated)
    lines = [f"{len(claims)} claims, {len(rated)} matched with a gold side; the rules' actor is right for "
             f"{rules}/{len(rated)} = {rules / max(1, len(rated)):.3f}; the gold side is a candidate for "
             f"{sum(any(k.actor == x.gold for k in x.candidates) for x in rated)}"]
    folds = article_folds(articles)
    grid = [c] if c else list(C_GRID)
    results = {g: cross_validate(claims, folds, g) for g in grid}
    for g, (r, t) in results.items():
        lines.append(f"C={g}: by article actor right {r}/{t} = {r / max(1, t):.3f}")
    best = max(grid, key=lambda g: results[g][0])
    r, t = cross_validate(claims, group_folds(articles, lambda a: a.outlet), best)
    lines.append(f"C={best}, by outlet: actor right {r}/{t} = {r / max(1, t):.3f}")
    return "\n".join(lines), best


def train(data: Path, out: Path = MODEL_PATH, c: float | None = None) -> str:
    report, best = cv_report(data, c)
    claims = claims_of(analyse(data / "texts"), read_rows(data, "figures.csv"))
    model = train_model(claims, best, meta={"data": data.name, "claims": len(claims), "C": best,
                                            "feature_engine": FEATURE_ENGINE})
    model.save(out)
    return f"{report}\nwrote {out} ({out.stat().st_size / 1e3:.1f} kB, {len(model.weights)} features, C={best})"


def evaluate(gold: Path, texts: Path, model_path: Path = MODEL_PATH) -> str:
    articles = analyse(texts)
    claims = claims_of(articles, read_rows(gold, "figures.csv"))
    rated = scored(claims)
    rules = sum(next((k.actor for k in x.candidates if "rule_actor" in k.features), None) == x.gold for x in rated)
    r, t = actor_rate(LinearModel.load(model_path), claims)
    return (f"{gold}: {len(claims)} claims, {len(rated)} matched with a gold side; actor right: ranker {r}/{t} = "
            f"{r / max(1, t):.3f}, rules {rules}/{t} = {rules / max(1, t):.3f}")
