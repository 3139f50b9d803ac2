"""The camel-tools model path, tested with tiny randomly initialised BERT models and a camel_data folder
built here (nothing is downloaded). The classifiers are set so every word gets one label, which makes the
models' effect visible."""
import json
import subprocess
import sys

import pytest
from conftest import ROOT

from dashboard.analysis import engines

WORDS = ["مشهد", "ضبابي", "أدانت", "واشنطن", "الهجوم", "زار", "الوزير", "بغداد", "أمس", "وصل", "مرفأ", "الفاو"]
NER_LABELS = ["O", "B-LOC", "I-LOC", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]


def _tiny_model(path, kind, labels, favoured):
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    path.mkdir(parents=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "."] + WORDS
    (path / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=512,
                                     id2label=dict(enumerate(labels)), label2id={name: i for i, name in enumerate(labels)})
    torch.manual_seed(0)
    cls = transformers.BertForTokenClassification if kind == "ner" else transformers.BertForSequenceClassification
    model = cls(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        model.classifier.bias[labels.index(favoured)] = 5.0
    model.save_pretrained(path)
    transformers.BertTokenizer(str(path / "vocab.txt"), do_lower_case=False).save_pretrained(path)


def _camel_data(root):
    """A camel_data folder as `camel_data -i` leaves it: catalogue.json and the model folders."""
    _tiny_model(root / "data" / "ner" / "tiny", "ner", NER_LABELS, "B-LOC")
    _tiny_model(root / "data" / "sentiment" / "tiny", "sa", ["positive", "negative", "neutral"], "negative")
    catalogue = {"version": "1.6", "packages": {}, "components": {
        "NamedEntityRecognition": {"default": "tiny", "datasets": {"tiny": {"path": "ner/tiny"}}},
        "SentimentAnalysis": {"default": "tiny", "datasets": {"tiny": {"path": "sentiment/tiny"}}}}}
    (root / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")


def test_auto_is_the_shipped_model_or_the_rules_when_camel_data_is_absent(tmp_path, monkeypatch):
    from dashboard.analysis import learned_stance
    from dashboard.analysis.ner import crf

    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path / "none"))
    monkeypatch.delenv("DASHBOARD_NER_MODEL", raising=False)
    monkeypatch.delenv("DASHBOARD_SENTIMENT_MODEL", raising=False)
    engines.get_engine.cache_clear()
    try:
        assert engines.installed_model_paths() == (None, None)
        assert engines.get_engine("auto").name == "learned"
        monkeypatch.setattr(learned_stance, "MODEL_PATH", tmp_path / "no-model.json.gz")
        engines.get_engine.cache_clear()
        assert engines.get_engine("auto").name == "crf"
        monkeypatch.setattr(crf, "MODEL_PATH", tmp_path / "no-model.crfsuite")
        engines.get_engine.cache_clear()
        assert engines.get_engine("auto").name == "builtin"
        with pytest.raises(RuntimeError, match="no camel-tools NER or sentiment model"):
            engines.get_engine("camel")
    finally:
        engines.get_engine.cache_clear()
    assert "camel_tools.data" not in sys.modules  # importing it would try to download the catalogue


SCRIPT = """
import json
from dashboard.analysis.doc import Doc
from dashboard.analysis.engines import get_engine
engine = get_engine("auto")
doc = engine(Doc.of(["وصل الوزير إلى مرفأ الفاو أمس .", "زار الوزير واشنطن أمس ."]))
ents = {e.name: [e.type, e.label_en, [m.sentence_index for m in e.mentions]] for e in doc.entities}
stance = [s.to_dict() for s in doc.stance]
print(json.dumps({"engine": engine.name, "entities": ents, "stance": stance}, ensure_ascii=False))
"""


def test_camel_engine_switches_on_when_models_are_installed(tmp_path):
    _camel_data(tmp_path / "camel")
    env = {"CAMELTOOLS_DATA": str(tmp_path / "camel"), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["engine"] == "camel"
    assert out["entities"]["واشنطن"][1] == "Washington"  # the rules still name the known actor
    assert out["entities"]["مرفأ"][0] == "LOC" and out["entities"]["مرفأ"][2] == [0]  # found by the model (no rule knows مرفأ)
    (score,) = out["stance"]
    assert score["target"] == "US" and score["polarity"] == -1 and "model:negative" in [c["word"] for c in score["cues"]]


def test_camel_ner_bio_tags_become_character_spans_of_the_sentence():
    from dashboard.analysis.engines import _bio_spans

    sentence = "زار بايدن بغداد والتقى محمد شياع السوداني"
    tokens = sentence.split()
    labels = ["O", "B-PER", "B-LOC", "O", "B-PER", "I-PER", "I-PER"]
    assert [(k, sentence[a:b]) for k, a, b in _bio_spans(sentence, tokens, labels)] == [
        ("PER", "بايدن"), ("LOC", "بغداد"), ("PER", "محمد شياع السوداني")]
    assert _bio_spans("نص", ["غائب"], ["B-LOC"])[0][1] == -1  # a token the sentence does not hold
