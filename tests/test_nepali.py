"""Nepali articles: language per article and paragraph, Nepali sentences and
attribution, the Nepali rule pack, and English rules kept off Nepali text.

Every Nepali sentence here is written for these tests (none from a corpus)."""

import json

import pytest
from conftest import run_cli

from annotator.engine import get_engine

NE_1 = "सरकारले आगामी वर्षदेखि सबै विद्यालयमा निःशुल्क खाजा दिने योजना बनाएको शिक्षामन्त्री गीता पौडेलले बताइन् ।"
NE_2 = "उनले योजनाका लागि पर्याप्त बजेट छुट्याइएको दाबी गरिन् ।"
EN_1 = "The council approved the new bus routes on Tuesday, the mayor said."
EN_2 = "Critics claimed the routes would leave the northern villages without a service."
EN_3 = "The first buses will run in March, and fares will stay the same until the summer."
HEAD_EN = "Bus routes approved"
HEAD_NE = "विद्यालयमा निःशुल्क खाजा"


def _check(tmp_path, text, *args, name="a.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    r = run_cli("check", "--format", "json", *args, str(p))
    assert r.returncode in (0, 1), r.stderr
    d = json.loads(r.stdout)
    return d[0] if isinstance(d, list) else d


def _rules_by_paragraph(doc):
    out = {}
    for f in doc["findings"]:
        for i, p in enumerate(doc["paragraphs"]):
            if p["start"] <= f["start"] < p["end"]:
                out.setdefault(i, set()).add(f["rule"])
    return out


# -- language ----------------------------------------------------------------------------------------

def test_english_and_nepali_articles(analyse_text):
    assert analyse_text(f"{HEAD_EN}\n\n{EN_1}\n\n{EN_2}\n").language == "en"
    doc = analyse_text(f"{HEAD_NE}\n\n{NE_1}\n\n{NE_2}\n")
    assert doc.language == "ne"
    assert {p.language for p in doc.paragraphs} == {"ne"}


def test_bilingual_article_has_a_language_per_paragraph(analyse_text):
    doc = analyse_text(f"{HEAD_EN}\n\n{EN_1}\n\n{NE_1} {NE_2}\n\n{EN_2} {EN_3}\n")
    assert doc.language == "en" and doc.headline.language == "en"
    assert [p.language for p in doc.paragraphs] == ["en", "ne", "en"]
    doc = analyse_text(f"{HEAD_NE}\n\n{NE_1}\n\n{EN_1} {EN_2}\n\n{NE_2} {NE_1}\n")
    assert doc.language == "ne" and doc.headline.language == "ne"
    assert [p.language for p in doc.paragraphs] == ["ne", "en", "ne"]


def test_a_nepali_paragraph_dense_with_english_names_is_nepali(analyse_text):
    para = "Facebook र Google ले नयाँ नियम पालना गर्ने Nepal Telecom का प्रवक्ताले बताए । उनले यो पनि भने ।"
    doc = analyse_text(f"{HEAD_EN}\n\n{EN_1}\n\n{para}\n\n{EN_2}\n")
    assert [p.language for p in doc.paragraphs] == ["en", "ne", "en"]


def test_a_short_line_in_the_other_script_is_judged_with_the_article(analyse_text):
    doc = analyse_text(f"{HEAD_EN}\n\n{EN_1}\n\n{EN_2}\n\nतपाईको प्रतिक्रिया दिनुहोस\n")
    assert [p.language for p in doc.paragraphs] == ["en", "en", "en"]


def test_front_matter_and_option_override_detection(tmp_path):
    (tmp_path / "a.md").write_text("---\nlang: ne\n---\nTimi kasto chau? Ma ramro chu, dhanyabad sathi.\n",
                                   encoding="utf-8")
    (tmp_path / "b.txt").write_text("Timi kasto chau? Ma ramro chu, dhanyabad sathi.\n", encoding="utf-8")
    r = run_cli("annotate", str(tmp_path / "a.md"))
    assert json.loads(r.stdout)["language"] == "ne"
    r = run_cli("annotate", str(tmp_path / "b.txt"))
    assert json.loads(r.stdout)["language"] == "en"
    r = run_cli("annotate", "--language", "ne", str(tmp_path / "b.txt"))
    assert json.loads(r.stdout)["language"] == "ne"
    r = run_cli("annotate", "--language", "fr", str(tmp_path / "b.txt"))
    assert r.returncode == 2 and "--language" in r.stderr


def test_annotation_json_carries_the_languages(tmp_path):
    from annotator.models import AnnotationDocument

    p = tmp_path / "a.txt"
    p.write_text(f"{HEAD_EN}\n\n{EN_1} {EN_3}\n\n{NE_1}\n", encoding="utf-8")
    d = json.loads(run_cli("annotate", str(p)).stdout)
    AnnotationDocument.model_validate(d)
    assert d["language"] == "en"
    assert "language" not in d["paragraphs"][0] and d["paragraphs"][1]["language"] == "ne"


# -- sentences -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("पहिलो वाक्य हो । दोस्रो वाक्य हो ।", ["पहिलो वाक्य हो ।", "दोस्रो वाक्य हो ।"]),
    ("पहिलो वाक्य हो।दोस्रो वाक्य हो।", ["पहिलो वाक्य हो।", "दोस्रो वाक्य हो।"]),
    ("के यो ठीक हो? हो, ठीक हो! अब जाऔं ॥", ["के यो ठीक हो?", "हो, ठीक हो!", "अब जाऔं ॥"]),
    ("डा. रामप्रसाद शर्मा आए । ३.५ प्रतिशत बढ्यो ।", ["डा. रामप्रसाद शर्मा आए ।", "३.५ प्रतिशत बढ्यो ।"]),
    ("‘हामी तयार छौं ।’ उनले भने । अब काम सुरु हुन्छ ।", ["‘हामी तयार छौं ।’ उनले भने ।", "अब काम सुरु हुन्छ ।"]),
])
def test_nepali_sentences(analyse_text, text, expected):
    doc = analyse_text(f"{HEAD_NE}\n\n{text}\n")
    assert [doc.view[s.start:s.end] for s in doc.sentences] == expected


def test_a_closing_mark_before_a_case_ending_closes(analyse_text):
    # Nepali writes no apostrophes: ’ between letters closes a quotation a suffix follows
    doc = analyse_text(f"{HEAD_NE}\n\nदुई पसललाई ‘कमसल’मा राखिएको छ र ‘मध्यम’को सूची छुट्टै छ ।\n")
    assert [(doc.view[q.start:q.end], q.kind) for q in doc.quotes] == [("कमसल", "scare"), ("मध्यम", "scare")]
    assert all(m.role in ("open", "close") for m in doc.marks)


# -- attribution ------------------------------------------------------------------------------------------

def _quotes(doc):
    return [(doc.view[q.start:q.end], q.kind, q.speaker and q.speaker.name, q.cue and q.cue.lemma,
             q.cue and q.cue.stance) for q in doc.quotes]


def test_split_quote_around_its_speaker(analyse_text):
    doc = analyse_text(f"{HEAD_NE}\n\n‘हामी किसानलाई राहत दिन्छौं,’ कृषिमन्त्री हरि यादवले भने, ‘यसपटक मल अभाव हुँदैन ।’\n")
    assert _quotes(doc) == [
        ("हामी किसानलाई राहत दिन्छौं,", "direct", "हरि यादव", "भन्नु", "neutral"),
        ("यसपटक मल अभाव हुँदैन ।", "direct", "हरि यादव", "भन्नु", "neutral"),
    ]
    (sp,) = doc.speakers
    assert sp.kind == "person" and sp.title == "कृषिमन्त्री" and sp.quotes == ["q1", "q2"]
    (rel,) = doc.nepali_relations
    assert rel.kind == "direct" and len(rel.content) == 2 and rel.source[1] == "हरि यादव"


def test_pronoun_resolves_to_the_last_person_and_forms_of_the_verb(analyse_text):
    text = (f"{HEAD_NE}\n\n"
            "बजेट असारमा आउने अर्थमन्त्री रमेश खनालले बताउनुभयो । "
            "‘हामी तयार छौं,’ उहाँले भन्नुभयो ।\n\n"
            "‘कर बढ्दैन,’ उनले दाबी गरे ।\n")
    doc = analyse_text(text)
    assert _quotes(doc) == [
        ("हामी तयार छौं,", "direct", "रमेश खनाल", "भन्नु", "neutral"),
        ("कर बढ्दैन,", "direct", "रमेश खनाल", "दाबी गर्नु", "doubting"),
    ]
    assert [sp.name for sp in doc.speakers] == ["रमेश खनाल"]


def test_speaker_before_the_quote_with_the_quotative(analyse_text):
    doc = analyse_text(f"{HEAD_NE}\n\nगृह मन्त्रालयका प्रवक्ता सीता शर्माले ‘सुरक्षा व्यवस्था कडा हुन्छ’ भन्दै तयारी पूरा भएको जानकारी दिइन् ।\n")
    ((text, kind, name, lemma, stance),) = _quotes(doc)
    assert (text, kind, name, lemma) == ("सुरक्षा व्यवस्था कडा हुन्छ", "direct", "सीता शर्मा", "भन्नु")
    mention = doc.quotes[0].speaker.text
    assert mention == "गृह मन्त्रालयका प्रवक्ता सीता शर्माले"  # the organisation's whole name


def test_indirect_speech_according_to_and_statements(analyse_text):
    text = (f"{HEAD_NE}\n\n"
            "सडक विस्तारको काम दुई महिनामा सकिने ठेकेदार कम्पनीले जनाएको छ । "
            "प्रहरीका अनुसार दुर्घटनामा दुई जना घाइते भएका छन् । "
            "नियम अनुसार सबैले कर तिर्नुपर्छ । "
            "विज्ञप्तिमा आगामी साता बैठक बस्ने भनिएको छ ।\n")
    doc = analyse_text(text)
    rels = [(r.kind, r.source and r.source[1], r.source and r.source[2], r.cue[1]) for r in doc.nepali_relations]
    assert rels == [
        ("indirect", "ठेकेदार कम्पनी", "organization", "जनाउनु"),
        ("indirect", "प्रहरी", "organization", "अनुसार"),
        ("indirect", "विज्ञप्ति", "document", "भन्नु"),
    ]
    first = doc.nepali_relations[0]
    assert [doc.view[a:b] for a, b in first.content] == ["सडक विस्तारको काम दुई महिनामा सकिने"]


def test_headline_form(analyse_text):
    doc = analyse_text("प्रधानमन्त्री ओली भन्छन्- ‘सरकार बलियो छ’\n\nसंसदमा आज बहस भयो ।\n")
    (q,) = doc.quotes
    assert q.speaker.name == "ओली" and q.cue.text == "भन्छन्"


# -- rules -------------------------------------------------------------------------------------------------

def test_bilingual_article_gets_the_rules_of_each_paragraph(tmp_path):
    text = f"{HEAD_EN}\n\n{EN_1} {EN_2}\n\n{NE_1} {NE_2}\n\nThe mayor claimed the plan would cost little. {EN_3}\n"
    doc = _check(tmp_path, text)
    by_para = _rules_by_paragraph(doc)
    assert "neutrality.loaded-verbs" in by_para[0] and "neutrality.loaded-verbs" in by_para[2]
    assert "ne.loaded-verbs" in by_para[1]
    assert all(not r.startswith("ne.") for i in (0, 2) for r in by_para.get(i, ()))
    assert all(r.startswith("ne.") for r in by_para[1])
    assert "hygiene.foreign-script" not in {f["rule"] for f in doc["findings"]}


def test_nepali_article_with_an_english_paragraph(tmp_path):
    text = f"{HEAD_NE}\n\n{NE_1}\n\n{EN_2}\n\n{NE_2} {NE_1}\n"
    doc = _check(tmp_path, text)
    by_para = _rules_by_paragraph(doc)
    assert "neutrality.loaded-verbs" in by_para[1] and not any(r.startswith("ne.") for r in by_para[1])
    assert by_para[2] == {"ne.loaded-verbs"}


def test_no_english_rule_fires_on_nepali_text(tmp_path):
    # a long sentence, a figure, an unattributed quotation, a doubled word and an English
    # word in Latin script: English rules would fire on each
    para = ("देशका ३५ प्रतिशत घरमा इन्टरनेट पुगेको छ र " + "गाउँका मानिसहरूले नयाँ सुविधा पाएका छन् र " * 12 +
            "सबै खुसी छन् । ‘हामी धेरै खुसी छौं, अब पढाइ सजिलो भयो ।’ सरकार slammed भयो ।")
    def english(text, *args):
        doc = _check(tmp_path, text, *args)
        start = text.index(para)
        rules = {f["rule"] for f in doc["findings"] if start <= f["start"] < start + len(para)}
        return {r for r in rules if not r.startswith("ne.") and r not in ("hygiene.foreign-script", "hygiene.mojibake")}

    assert not english(f"{HEAD_NE}\n\n{NE_1}\n\n{para}\n")
    assert not english(f"{HEAD_EN}\n\n{EN_1} {EN_3}\n\n{para}\n\n{EN_2} {EN_3}\n")
    # the same text checked as English does fire English rules: the test can fail
    assert english(f"{HEAD_NE}\n\n{NE_1}\n\n{para}\n", "--language", "en")


def test_stray_lines_are_still_reported(tmp_path):
    doc = _check(tmp_path, f"{HEAD_EN}\n\n{EN_1}\n\n{EN_2}\n\nतपाईको प्रतिक्रिया दिनुहोस\n")
    assert [f["rule"] for f in doc["findings"] if f["line"] == 7] == ["hygiene.foreign-script"]
    doc = _check(tmp_path, f"{HEAD_NE}\n\n{NE_1}\n\n{NE_2} {NE_1}\n\nShare this article\n")
    assert [f["rule"] for f in doc["findings"] if f["line"] == 7] == ["hygiene.foreign-script"]


def test_rules_declare_languages():
    engine = get_engine()
    langs = {s.id: s.languages for s in engine.specs}
    assert langs["neutrality.loaded-verbs"] == ("en",)
    assert langs["ne.loaded-verbs"] == ("ne",)
    assert langs["hygiene.foreign-script"] is None  # languages: [any]
    assert all(s.languages == ("ne",) for s in engine.specs if s.pack == "ne")


def test_a_rule_with_a_bad_language_is_refused(tmp_path):
    from annotator.engine.loader import RuleError, load_specs

    d = tmp_path / "extra" / "house"
    d.mkdir(parents=True)
    (d / "r.yaml").write_text(
        "rules:\n  - id: house.r\n    kind: lexicon\n    severity: info\n    message: m\n"
        "    rationale: r\n    languages: [fr]\n    words: [foo]\n", encoding="utf-8")
    with pytest.raises(RuleError, match="languages"):
        load_specs([str(tmp_path / "extra")])


def test_devanagari_words_match_whole_words_only():
    from annotator.engine.matcher import LexMatcher

    m = LexMatcher()
    m.add("दाबी गरे", (0, 0, "base"))
    m.add("गर", (0, 1, "base"))
    m.compile()
    view = "उनले दाबी गरे । उनी गरेको काम गर्छन् ।"
    from annotator.engine.matcher import latin

    hits = [view[s:e] for s, e, _ in m.find(view, latin(view))]
    assert hits == ["दाबी गरे"]  # not गर in गरे, गरेको or गर्छन् (a vowel sign or virama follows)


def test_repeated_nepali_word_with_vowel_signs(tmp_path):
    doc = _check(tmp_path, f"{HEAD_NE}\n\nसमितिले निर्णय गरेको गरेको छ । उनी बिस्तारै बिस्तारै हिँडे ।\n")
    assert [f["text"] for f in doc["findings"] if f["rule"] == "ne.repeated-word"] == ["गरेको गरेको"]


# -- report -------------------------------------------------------------------------------------------------

def test_caret_columns_under_devanagari():
    from annotator.report.text import _cols

    assert _cols("के") == 1  # क + े (a non-spacing vowel sign)
    assert _cols("कि") == 2  # ि takes a column
    assert _cols("क्ष") == 2  # क + virama + ष
    assert _cols("गरेको") == 4
    assert _cols("abc") == 3 and _cols("日本") == 4


def test_text_output_aligns_the_caret(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("समितिले निर्णय गरेको छ र उनले दाबी गरे ।\n", encoding="utf-8")  # (the headline line)
    r = run_cli("check", "--select", "ne.loaded-verbs", "--color", "never", str(p))
    lines = r.stdout.splitlines()
    source, caret = lines[1], lines[2]
    from annotator.report.text import _cols

    text = source.split("| ", 1)[1]
    lead = caret.split("| ", 1)[1]
    assert len(lead) - len(lead.lstrip(" ")) == _cols(text[:text.index("दाबी")])
    assert lead.count("^") == _cols("दाबी गरे")
