"""Command line: `python -m dashboard analyze|ingest|bench ...`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.analysis.engines import ENGINES, get_engine
from dashboard.analysis.stance import target_codes
from dashboard.sources.files import RejectedFile


def expand_paths(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files named or inside the folders named (sorted), and one-line errors for paths that do not exist."""
    files, errors = [], []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        elif p.is_file():
            files.append(p)
        else:
            errors.append(f"{p}: no such file or folder")
    return files, errors


def _analyse_files(files: list[Path], engine_name: str):
    from dashboard.analysis.pipeline import analyse_path

    engine = get_engine(engine_name)
    for f in files:
        try:
            yield f, analyse_path(f, engine), None
        except RejectedFile as exc:
            yield f, [], str(exc)
        except OSError as exc:
            yield f, [], f"cannot read ({exc.strerror})"


def _files_of(args) -> tuple[list, list[str]]:
    """The files the paths name (folders read recursively); each path that is none is reported on stderr."""
    files, errors = expand_paths(args.paths)
    for e in errors:
        print(e, file=sys.stderr)
    return files, errors


def cmd_analyze(args) -> int:
    files, errors = _files_of(args)
    articles, seen = [], set()
    for f, arts, error in _analyse_files(files, args.engine):
        if error:
            print(f"{f}: skipped: {error}", file=sys.stderr)
            continue
        for a in arts:
            if a.id in seen:
                print(f"{f}: article {a.text.index} is a duplicate of one already analysed; counted once", file=sys.stderr)
                continue
            seen.add(a.id)
            articles.append(a)
    if args.json:
        json.dump({"articles": [a.to_dict() for a in articles]}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for a in articles:
            d = a.to_dict()
            print(f"{a.source_file}#{a.text.index}  {d['date'] or '----------'}  {d['source'] or '-'}  {d['title'][:70]}")
            top = ", ".join(f"{e['label_en']} ({e['mentions']})" for e in d["entities"][:6])
            print(f"  entities: {len(d['entities'])}  top: {top}")
            print(f"  figures: {len(d['figures'])}  " + "; ".join(
                f"{f['category']}={f['value']}{'~' if f['bound'] == 'approx' else ''}" for f in d["figures"][:6]))
            for t in target_codes():
                pol = [s["polarity"] for s in d["stance"] if s["target"] == t]
                if pol:
                    print(f"  stance {t}: {len(pol)} sentences, mean {sum(pol) / len(pol):+.2f}")
    return 0 if articles and not errors else 1


def cmd_ingest(args) -> int:
    from dashboard.bulk import QueuedStore, import_paths, make_executor

    scheduler = args.scheduler or ("local-dask" if args.dask else None)
    files, errors = _files_of(args)
    # started before the store's imports and opening, which it overlaps (a Dask cluster is not: it is slow to
    # start and is not needed when the store cannot be opened)
    executor = make_executor(args.workers, None, args.engine) if files and not scheduler else None

    import duckdb

    from dashboard.sources.collections import ColumnMap
    from dashboard.store import Store, default_path

    try:
        store = Store(args.db)
    except duckdb.IOException as exc:  # another process (the running dashboard) holds DuckDB's write lock
        if "lock" not in str(exc).lower():
            print(f"error: cannot open the store ({str(exc).splitlines()[0]})", file=sys.stderr)
            if executor:
                executor.shutdown(cancel_futures=True)
            return 2
        store = QueuedStore(Path(args.db) if args.db else default_path())
        print("the store is in use by another process (the dashboard, or another ingest): the articles are "
              "queued beside it, for the dashboard's next refresh or the next ingest that opens the store",
              file=sys.stderr)
    columns = ColumnMap(text=args.text_col, title=args.title_col, date=args.date_col, outlet=args.outlet_col,
                        url=args.url_col)
    try:
        report = import_paths(store, files, args.engine, columns, workers=args.workers, scheduler=scheduler,
                              progress=not args.no_progress and sys.stderr.isatty(), executor=executor)
    except (duckdb.Error, OSError) as exc:  # a full disk, a store that cannot be written
        reason = str(exc).splitlines()[0].split(": ")[-1] if str(exc) else exc.__class__.__name__
        print(f"error: the store could not be written ({reason}); what was committed before stays, and the "
              "same command resumes after it once there is room", file=sys.stderr)
        return 2
    report.queued = isinstance(store, QueuedStore)
    print(report.summary())
    if not report.queued and store.has_queue():  # what a concurrent ingest queued while this one held the store
        print(f"{store.absorb_queue()} queued article(s) taken in")
    print(f"{store.count_articles()} articles in {store.path.name}")
    return 1 if errors or (files and not report.analysed and report.rejected) else 0


def cmd_bench(args) -> int:
    from dashboard.bench import run_benchmark

    run_benchmark(args.megabytes, args.articles, args.engine)
    return 0


def cmd_ner(args) -> int:
    from dashboard.analysis.ner import clusters, conll, crf, person_words

    model = Path(args.model) if args.model else crf.MODEL_PATH
    if args.ner_command == "names":
        from dashboard.analysis.ner import name_labels

        print(name_labels.build(Path(args.names), geonames=Path(args.geonames) if args.geonames else None))
        name_labels.tables.cache_clear()
        if args.check:
            right, total, misses = name_labels.check(Path(args.check))
            print(f"English labels right for {right}/{total} = {right / max(1, total):.2f} of {args.check}")
            for arabic, label, accepted in misses:
                print(f"  {arabic}: {label} (usual: {accepted})")
        return 0
    if args.ner_command == "never-entities":
        from dashboard.analysis.ner import never_words

        for word, count, share in never_words.candidates(Path(args.corpus)):
            print(f"{word}\t{count} mentions\t{share:.0%} right after a number")
        return 0
    if args.ner_command == "clusters":
        print(clusters.build(Path(args.corpus)))
    elif args.ner_command == "person-words":
        print(person_words.build(Path(args.corpus)))
    elif args.ner_command == "train":
        result = crf.train(Path(args.data), model, dev_share=args.dev_share)
        print(f"trained on {result['sentences']} sentences -> {model}")
        if result["dev"]:
            print(f"dev part (the last {args.dev_share:.0%} of the training file):\n" + conll.report(result["dev"]))
    else:
        if not crf.available(model):
            raise RuntimeError(f"no trained model at {model}; run `python -m dashboard ner train` first")
        print(conll.report(crf.evaluate_sentences(conll.read_conll(Path(args.file)), model)))
    return 0


def cmd_stance(args) -> int:
    from dashboard.training import stance
    from dashboard.training.gold import texts_of

    if args.stance_command == "train":
        print(stance.train(Path(args.data), Path(args.model) if args.model else stance.MODEL_PATH, args.c))
    elif args.stance_command == "cv":
        print(stance.cv_report(Path(args.data), args.c)[0])
    else:
        gold = Path(args.gold)
        print(stance.evaluate(gold, Path(args.texts) if args.texts else texts_of(gold), args.engine))
    return 0


def cmd_geo(args) -> int:
    from dashboard.analysis import places
    from dashboard.training import gazetteer

    if args.geo_command == "compile":
        atlas = Path(args.atlas)
        rows = gazetteer.compile_places(Path(args.geonames), Path(args.iraq), atlas / "countries-50m.json")
        gazetteer.write_places(rows, places.PLACES_PATH)
        gazetteer.write_shapes(atlas / "countries-110m.json", gazetteer.SHAPES_PATH)
        print(f"{len(rows)} places -> {places.PLACES_PATH}; country shapes -> {gazetteer.SHAPES_PATH}")
    else:
        from dashboard.training import geo_check

        report, tally = geo_check.check(Path(args.labels), Path(args.shared), args.engine)
        print(report)
        placed, named = geo_check.figure_coverage(Path(args.shared) / "gold-ant" / "texts", args.engine)
        print(f"dev set: {placed}/{named} attack and casualty figures whose sentence names a place carry coordinates")
        right, total = tally["places"]
        return 0 if right >= geo_check.BAR * total else 1
    return 0


def cmd_topics(args) -> int:
    from dashboard.training import topics

    print(topics.train(Path(args.corpus)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m dashboard", description="Analyse Arabic news articles about "
                                 "Iraq, the US, Iran and the armed factions.")
    sub = ap.add_subparsers(dest="command", required=True)
    engine_help = "analysis engine: builtin rules, crf (the rules with the trained entity model), learned (crf " \
                  "with the trained stance model), camel (camel-tools models, must be installed), or auto " \
                  "(camel when installed, else learned when its models are shipped, else crf, else builtin). " \
                  "Default: auto"
    an = sub.add_parser("analyze", help="analyse files or folders and print the results")
    an.add_argument("paths", nargs="+", help="article files (.txt .md .html .docx .pdf) or folders of them")
    an.add_argument("--json", action="store_true", help="print the full analysis as JSON (the contract)")
    an.add_argument("--engine", choices=ENGINES, default="auto", help=engine_help)
    an.set_defaults(func=cmd_analyze)
    ing = sub.add_parser("ingest", help="analyse files or folders into the dashboard's DuckDB store")
    ing.add_argument("paths", nargs="+", help="article files or folders")
    ing.add_argument("--db", default=None, help="store file (default: $DASHBOARD_DB or data/dashboard.duckdb)")
    ing.add_argument("--engine", choices=ENGINES, default="auto", help=engine_help)
    for col, default in (("text", "text"), ("title", "title"), ("date", "date"), ("outlet", "outlet"), ("url", "url")):
        ing.add_argument(f"--{col}-col", default=default,
                         help=f"column of the {col} in CSV/JSON Lines/Parquet collections (default: {default})")
    ing.add_argument("--workers", type=int, default=None, help="worker processes (default: every core)")
    ing.add_argument("--scheduler", default=None, help="a Dask scheduler address (tcp://HOST:8786): analyse there")
    ing.add_argument("--dask", action="store_true", help="with --workers N: start a local Dask cluster of N workers")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar")
    ing.set_defaults(func=cmd_ingest)
    be = sub.add_parser("bench", help="measure analysis speed (words/s) against camel-tools tokenisation")
    be.add_argument("--megabytes", type=float, default=1.2, help="size of the generated corpus (default 1.2)")
    be.add_argument("--articles", type=int, default=100, help="articles in the start-up folder test (default 100)")
    be.add_argument("--engine", choices=ENGINES, default="auto", help=engine_help)
    be.set_defaults(func=cmd_bench)
    ner = sub.add_parser("ner", help="train or evaluate the entity recogniser (CRF) and its word clusters")
    ner_sub = ner.add_subparsers(dest="ner_command", required=True)
    tr = ner_sub.add_parser("train", help="train the CRF on a CoNLL file (token TAG per line), e.g. ANERcorp")
    tr.add_argument("--data", required=True, help="training file, e.g. ../shared/data/anercorp/train.txt")
    tr.add_argument("--dev-share", type=float, default=0.0,
                    help="hold out this last share of the sentences as a dev part and report on it (0.1 while "
                         "tuning); default 0: the shipped model learns from the whole file")
    ev = ner_sub.add_parser("evaluate", help="per-type and micro P/R/F1 (CoNLL exact match) on a CoNLL file")
    ev.add_argument("file")
    cl = ner_sub.add_parser("clusters", help="learn the word clusters from an unlabeled JSON Lines news corpus")
    pw = ner_sub.add_parser("person-words", help="learn, with the shipped model, the words that are never parts of "
                                                 "person names, from an unlabeled JSON Lines news corpus")
    nm = ner_sub.add_parser("names", help="compile the English spellings of name words from name pairs")
    nm.add_argument("--names", required=True, help="the name lists, e.g. ../shared/data/ner-extra/names")
    nm.add_argument("--geonames", default=None, help="GeoNames' cities, e.g. ../shared/data/geo/geonames-cities15000.zip")
    nm.add_argument("--check", default=None, help="a list of names and their usual spellings to measure on, "
                                                  "e.g. bench/name_labels.csv")
    nm.set_defaults(model=None)
    ne = ner_sub.add_parser("never-entities", help="print the names the recogniser finds that are counted things "
                                                   "(candidates for never_entities.csv)")
    for p in (cl, pw, ne):
        p.add_argument("--corpus", required=True, help="e.g. ../shared/data/ant-corpus/ant-v2.1.jsonl.xz")
        p.set_defaults(model=None)
    for p in (tr, ev):
        p.add_argument("--model", default=None, help="model file (default: the shipped one)")
    ner.set_defaults(func=cmd_ner)
    sta = sub.add_parser("stance", help="train, cross-validate or evaluate the learned stance model")
    sta_sub = sta.add_subparsers(dest="stance_command", required=True)
    for name, what in (("train", "fit on an annotated set and write the shipped model (prints its cross-validation)"),
                       ("cv", "cross-validate on an annotated set: by article, by outlet and by month")):
        p = sta_sub.add_parser(name, help=what)
        p.add_argument("--data", required=True, help="a folder with sentiment.csv and texts/, e.g. ../shared/train-ant")
        p.add_argument("--c", type=float, default=None, help="inverse regularisation (default: chosen by CV)")
        p.add_argument("--model", default=None, help="where train writes the model (default: the shipped one)")
    ev = sta_sub.add_parser("evaluate", help="accuracy, macro-F1, confusion matrix and calibration on a gold folder")
    ev.add_argument("gold", help="a folder with sentiment.csv, e.g. ../shared/gold-ant")
    ev.add_argument("--texts", default=None, help="its texts (default: GOLD/texts, or the seeds beside it)")
    ev.add_argument("--engine", choices=ENGINES[1:], default="learned", help="the engine to score (default: learned)")
    sta.set_defaults(func=cmd_stance)
    geo = sub.add_parser("geo", help="compile the geocoder's place table and map shapes, or check them")
    geo_sub = geo.add_subparsers(dest="geo_command", required=True)
    gc = geo_sub.add_parser("compile", help="compile models/places.tsv.gz and the map's shapes from open data")
    gc.add_argument("--geonames", required=True, help="GeoNames cities15000.zip")
    gc.add_argument("--iraq", required=True, help="Open Admin Data's iraq-admin folder (all-governorate.json ...)")
    gc.add_argument("--atlas", required=True, help="world-atlas folder (countries-50m.json, countries-110m.json)")
    gk = geo_sub.add_parser("check", help="score the geocoder on a labelled list of place mentions")
    gk.add_argument("labels", help="e.g. bench/places.csv")
    gk.add_argument("--shared", default="../shared", help="the folder the list's articles come from")
    gk.add_argument("--engine", choices=ENGINES, default="auto")
    geo.set_defaults(func=cmd_geo)
    top = sub.add_parser("topics", help="train the topic classifier on ANT's categories (prints held-out accuracy)")
    top_sub = top.add_subparsers(dest="topics_command", required=True)
    tt = top_sub.add_parser("train", help="train on an ANT JSON Lines corpus and write models/topics.json.gz")
    tt.add_argument("--corpus", required=True, help="e.g. ../shared/data/ant-corpus/ant-v2.1.jsonl.xz")
    top.set_defaults(func=cmd_topics)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (RuntimeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
