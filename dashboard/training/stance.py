"""Train and measure the learned stance model: `python -m dashboard stance train|evaluate|cv`.

Instances are the rule layer's (sentence, target) rows that a gold row of `sentiment.csv` points to; a gold row
the rules never made a row for is scored as a 0, as `../shared/tools/evaluate.py` scores it. Cross-validation
keeps an article's rows together: five random folds of articles, one fold per outlet, and five runs of
consecutive months, so a score says how the model holds on articles, outlets and months it never saw.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.analysis.engines import get_engine
from dashboard.analysis.learned_stance import MODEL_PATH, doc_features
from dashboard.analysis.linear import LinearModel, fit, fit_temperature, summed
from dashboard.analysis.stance import StanceScore
from dashboard.training.gold import (
    Article,
    ClassScores,
    analyse_folder,
    article_folds,
    by_key,
    group_folds,
    month_folds,
    read_rows,
)

FEATURE_ENGINE = "crf"  # the layers the features read: the CRF's entities, the rule figures and rule stance
C_GRID = (0.03, 0.1, 0.3, 1.0)  # inverse L2 strengths tried by cross-validation on the training set
RELIABILITY_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # confidence bins of the reliability table


@dataclass
class Row:
    article: tuple[str, int]
    gold: int
    features: dict[str, float] | None  # None: the rules made no row for it, and it is scored as 0
    rule: StanceScore | None


def rows_of(articles: list[Article], gold_rows: list[dict]) -> list[Row]:
    """Each gold row with the features of the rule row it points to (the first sentence holding its start that
    has a row for its target, as the scorer reads it)."""
    arts = by_key(articles)
    featured = {id(a): {(s.sentence_index, s.target): (s, f) for s, _, f in doc_features(a.doc)} for a in articles}
    out = []
    for g in gold_rows:
        key = (g["seed"], int(g["article"]))
        art = arts.get(key)
        found = art.row_for(g["sentence_start"], g["target"], featured[id(art)]) if art else None
        out.append(Row(key, int(g["polarity"]), summed((f.name, f.value) for f in found[1]) if found else None,
                       found[0] if found else None))
    return out


def train_model(rows: list[Row], c: float, meta: dict | None = None) -> LinearModel:
    usable = [r for r in rows if r.features is not None]
    return fit([r.features for r in usable], [r.gold for r in usable], c, meta=meta)


def predict(model: LinearModel, row: Row) -> int:
    if row.features is None:
        return 0
    probs = model.probabilities(row.features.items())
    return model.classes[max(range(len(probs)), key=probs.__getitem__)]


def cross_validate(rows: list[Row], folds: list[set], c: float) -> tuple[ClassScores, list, list]:
    """Out-of-fold predictions of every row; also each featured row's out-of-fold class scores and gold class
    index (for fitting the temperature)."""
    gold, pred, scores, gold_index = [], [], [], []
    for held in folds:
        model = train_model([r for r in rows if r.article not in held], c)
        for r in rows:
            if r.article in held:
                gold.append(r.gold)
                pred.append(predict(model, r))
                if r.features is not None and r.gold in model.classes:
                    scores.append(model.scores(r.features.items()))
                    gold_index.append(model.classes.index(r.gold))
    return ClassScores(gold, pred), scores, gold_index


def splits(articles: list[Article]) -> dict[str, list[set]]:
    return {"by article (5 folds)": article_folds(articles), "by outlet": group_folds(articles, lambda a: a.outlet),
            "by month (5 runs)": month_folds(articles)}


def analyse(folder: Path) -> list[Article]:
    return analyse_folder(folder, get_engine(FEATURE_ENGINE))


def load(data: Path) -> tuple[list[Article], list[Row]]:
    """A training folder (sentiment.csv and texts/) analysed, and its gold rows with their features."""
    articles = analyse(data / "texts")
    return articles, rows_of(articles, read_rows(data, "sentiment.csv"))


def cv_report(data: Path, c: float | None = None) -> tuple[str, float, list, list]:
    return cross_validation(*load(data), c)


def cross_validation(articles: list[Article], rows: list[Row], c: float | None = None) -> tuple[str, float, list, list]:
    """The printed report of every split, the C chosen (best mean macro-F1 of the article folds, or the one
    given), and that C's out-of-fold scores for the temperature."""
    folds = article_folds(articles)
    lines = [f"{len(rows)} gold rows, {sum(r.features is None for r in rows)} without a rule row (scored 0)"]
    grid = [c] if c else list(C_GRID)
    results = {g: cross_validate(rows, folds, g) for g in grid}
    for g, (s, _, _) in results.items():
        lines.append(f"C={g}: by article macro-F1 {s.macro_f1:.3f}, accuracy {s.accuracy:.3f}")
    best = max(grid, key=lambda g: results[g][0].macro_f1)
    for name, fs in splits(articles).items():
        s = results[best][0] if fs == folds else cross_validate(rows, fs, best)[0]
        lines.append(s.report(f"C={best}, {name}"))
    return "\n".join(lines), best, results[best][1], results[best][2]


def train(data: Path, out: Path = MODEL_PATH, c: float | None = None) -> str:
    """Fit on every gold row of `data` (a folder with sentiment.csv and texts/) and write the model to `out`."""
    articles, rows = load(data)  # analysed once, for the cross-validation and the final fit
    report, best, scores, gold_index = cross_validation(articles, rows, c)
    model = train_model(rows, best, meta={"data": data.name, "rows": len(rows), "C": best,
                                          "feature_engine": FEATURE_ENGINE})
    model.temperature = fit_temperature(scores, gold_index)
    model.meta["temperature"] = model.temperature
    model.save(out)
    return f"{report}\nwrote {out} ({out.stat().st_size / 1e3:.0f} kB, {len(model.weights)} features, " \
           f"C={best}, temperature {model.temperature})"


def evaluate(gold: Path, texts: Path, engine_name: str = "learned") -> str:
    """Accuracy, macro-F1, per-class F1 and the confusion matrix of an engine on a gold folder; for rows the engine
    scored, the Brier score of its confidence and a reliability table."""
    articles = analyse_folder(texts, get_engine(engine_name))
    arts = by_key(articles)
    gold_rows = read_rows(gold, "sentiment.csv")
    golds, preds, confident = [], [], []
    for g in gold_rows:
        art = arts.get((g["seed"], int(g["article"])))
        rows = {(s.sentence_index, s.target): s for s in reversed(art.doc.stance or ())} if art else {}
        found = art.row_for(g["sentence_start"], g["target"], rows) if art else None
        golds.append(int(g["polarity"]))
        preds.append(found.polarity if found else 0)
        if found:
            confident.append((found.confidence, found.polarity == int(g["polarity"])))
    lines = [ClassScores(golds, preds).report(f"{engine_name} on {gold}")]
    if confident:
        brier = sum((conf - right) ** 2 for conf, right in confident) / len(confident)
        lines.append(f"confidence of the chosen class: Brier score {brier:.3f} over {len(confident)} rows")
        for lo, hi in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
            inside = [right for conf, right in confident if lo <= conf < hi]
            if inside:
                mean = sum(conf for conf, _ in confident if lo <= conf < hi) / len(inside)
                lines.append(f"    confidence {lo:.1f}-{min(hi, 1):.1f}: {len(inside):4d} rows, mean confidence "
                             f"{mean:.2f}, right {sum(inside) / len(inside):.2f}")
    return "\n".join(lines)
