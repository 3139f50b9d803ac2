"""With the ANT corpus in a store (`python -m dashboard ingest ../shared/data/ant-corpus/ant-v2.1.jsonl.xz --db
STORE`): the share of the stance rows and figures the views show (the relevance switch on) that come from
ANT's sport, technology and culture articles, by ANT's own categories (matched on the article's URL).

    .venv/bin/python bench/relevance.py STORE [--corpus ../shared/data/ant-corpus/ant-v2.1.jsonl.xz]"""
from __future__ import annotations

import argparse
import json
import lzma
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.store import Store  # noqa: E402
from dashboard.views import tables as views  # noqa: E402

OFF_TOPIC = {"sport", "technology", "culture"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/data/ant-corpus/ant-v2.1.jsonl.xz")
    args = ap.parse_args()
    with lzma.open(args.corpus, "rt", encoding="utf-8") as fh:
        category = {d["url"]: d["category"] for d in map(json.loads, fh) if d.get("url")}
    store = Store(args.store)
    corpus = views.Corpus.from_store(store)
    cats = corpus.articles["url"].map(category)
    print(f"{len(corpus.articles):,} articles, {cats.notna().sum():,} matched to an ANT category")
    for switch in (True, False):
        shown = views.filter_corpus(corpus, views.Filters(relevant_only=switch))
        off = set(shown.articles.loc[shown.articles["url"].map(category).isin(OFF_TOPIC), "id"])
        for table in ("stance", "figures"):
            rows = getattr(shown, table)
            share = rows["article_id"].isin(off).mean() if len(rows) else 0.0
            print(f"switch {'on ' if switch else 'off'}: {table}: {len(rows):,} rows shown, {share:.2%} from sport, "
                  "technology or culture articles")
    aside = corpus.articles[~corpus.articles["relevant"]]
    print(f"set aside: {len(aside):,} articles; their ANT categories: "
          f"{aside['url'].map(category).value_counts().to_dict()}")
    store.close()


if __name__ == "__main__":
    main()
