"""Whom a stance sentence quotes: the subject of its verb of saying, or a headline's speaker before a colon."""
import pytest

from dashboard.analysis.speakers import quoted_speaker
from dashboard.analysis.text import tokenize


@pytest.mark.parametrize("sentence, speaker", [
    ("وقال المتحدث باسم التحالف الدولي إن الضربات استهدفت مواقع التنظيم", "المتحدث باسم التحالف الدولي"),
    ("وأكد وزير الخارجية الإيراني، محمد جواد ظريف، أن بلاده لن تتراجع", "وزير الخارجية الإيراني"),
    ("هيلي: إيران تجند الأطفال وتشركهم بحروب خارجية", "هيلي"),
    ("وأكد أن القوات الأمريكية ستبقى في العراق", None),  # a pronoun says it
    ("وقال في بيان إن الهجوم استهدف قاعدة عين الأسد", None),
    ("وقال لرويترز إن الهجوم استهدف القاعدة", None),
    ("وقالت لجنة التحقيق إن الضربة قتلت مدنيين", "لجنة التحقيق"),
    ("وقال الصدر في تغريدة إن على الفصائل أن تلتزم", "الصدر"),
    ("وأضاف أيضا أن الحكومة ستواجه الفصائل", None),
    ("وقالت الوزارة إنها ستحقق في الهجوم", "الوزارة"),
    ("ارتفع سعر برميل النفط مدفوعا بتصاعد التوترات", None),
    ("وقال الرئيس الأمريكي دونالد ترامب", None),  # nothing said after the speaker
])
def test_the_quoted_speaker(sentence, speaker):
    assert quoted_speaker(sentence, tokenize(sentence)) == speaker
