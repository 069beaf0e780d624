"""Is a learning outcome phrased with an observable verb?

Outcomes should say what a learner can *do* (ECTS Users' Guide 2015, §2.2; Bloom's revised
taxonomy). Verbs such as "understand" or "know" describe states nobody can observe, so the
checker warns about them. Only the leading verb is judged; an outcome whose verb is not in
either list is not judged at all, rather than guessed at.

``BLOOM_VERBS`` is the one verb lexicon of the platform (English, Vietnamese, Lao), read by the
design assistant (``microcred.design.outcomes``) and by the recognition engine's outcome
comparison (``microcred.recognition.lo_compare.bloom_of``). Sources: Anderson & Krathwohl
(2001), *A Taxonomy for Learning, Teaching, and Assessing*, the revised Bloom verb lists; the
Vietnamese verbs follow the terms of MOET Circular 17/2021/TT-BGDĐT outcome statements
("vận dụng", "phân tích", ...); the Lao verbs are a developer's draft. The Vietnamese and Lao
lists are marked for review by native speakers (docs/design-assistant.md §2).
"""

from __future__ import annotations

import re

from microcred.model.lao_text import comparison_form, lao_words

# Lead-ins that precede the verb ("Students will be able to ...").
_LEAD_INS = re.compile(
    r"^(?:(?:the\s+)?(?:students?|learners?|participants?|graduates?)\s+)?"
    r"(?:(?:will|shall|should|can|could|are|is)\s+)?(?:be\s+)?(?:able\s+to\s+)?",
    re.IGNORECASE,
)

NOT_OBSERVABLE = {
    "en": {
        "understand",
        "know",
        "appreciate",
        "learn",
        "comprehend",
        "realise",
        "realize",
        "believe",
        "grasp",
        "familiarise",
        "familiarize",
        "aware",
        "acquainted",
        "familiar",
        "gain",
        "acquire",
        "internalise",
        "internalize",
    },
    # Vietnamese and Lao: "hiểu"/"biết"/"nắm" (understand/know/grasp); "ເຂົ້າໃຈ"/"ຮູ້" (understand/know).
    "vi": {"hiểu", "biết", "nắm", "nắm được", "làm quen"},
    "lo": {"ເຂົ້າໃຈ", "ຮູ້", "ຮູ້ຈັກ"},
}


BLOOM_LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
BLOOM_RANK = {b: i + 1 for i, b in enumerate(BLOOM_LEVELS)}

# Verb -> Bloom level (revised taxonomy). The first verbs of each level are the ones suggested
# to a designer, so they come first. Vietnamese verbs are written with their diacritics;
# recognition folds them (``fold_vietnamese``). Review: vi/lo drafted by a developer.
BLOOM_VERBS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "remember": ("list", "define", "recall", "name", "state", "identify", "recognise", "recognize"),
        "understand": (
            "explain",
            "describe",
            "summarise",
            "classify",
            "discuss",
            "outline",
            "interpret",
            "summarize",
        ),
        "apply": (
            "apply",
            "calculate",
            "implement",
            "use",
            "compute",
            "solve",
            "prepare",
            "demonstrate",
            "operate",
            "load",
            "import",
            "estimate",
        ),
        "analyse": (
            "analyse",
            "compare",
            "diagnose",
            "examine",
            "differentiate",
            "investigate",
            "map",
            "analyze",
        ),
        "evaluate": ("evaluate", "assess", "justify", "critique", "judge", "appraise", "recommend"),
        "create": (
            "design",
            "develop",
            "create",
            "build",
            "write",
            "produce",
            "plan",
            "formulate",
            "construct",
        ),
    },
    "vi": {
        "remember": ("liệt kê", "nhắc lại", "nêu", "nhận biết", "định nghĩa"),
        "understand": ("giải thích", "mô tả", "trình bày", "phân loại", "tóm tắt"),
        "apply": ("vận dụng", "áp dụng", "tính toán", "sử dụng", "thực hiện"),
        "analyse": ("phân tích", "so sánh", "chẩn đoán", "phân biệt"),
        "evaluate": ("đánh giá", "thẩm định", "lập luận", "phản biện"),
        "create": ("thiết kế", "xây dựng", "phát triển", "lập kế hoạch", "sáng tạo"),
    },
    "lo": {
        "remember": ("ລະບຸ", "ບອກ"),
        "understand": ("ອະທິບາຍ", "ສັງລວມ"),
        "apply": ("ນຳໃຊ້", "ນໍາໃຊ້", "ຄິດໄລ່", "ປະຕິບັດ"),
        "analyse": ("ວິເຄາະ", "ປຽບທຽບ", "ຈຳແນກ"),
        "evaluate": ("ປະເມີນ", "ຕັດສິນ"),
        "create": ("ອອກແບບ", "ສ້າງ", "ພັດທະນາ", "ວາງແຜນ"),
    },
}


def bloom_lexicon(language: str) -> dict[str, str]:
    """Verb -> Bloom level for ``language`` (empty when the platform has no list for it)."""
    return {v: level for level, verbs in BLOOM_VERBS.get(language, {}).items() for v in verbs}


_VI_LEAD_INS = re.compile(
    r"^(?:(?:người học|sinh viên|học viên|học sinh)\s+)?(?:(?:sẽ|được)\s+)?(?:có thể\s+)?", re.IGNORECASE
)
# Lao lead-in words: learner, student, will, can / be able to.
_LO_LEAD_INS = ("ຜູ້", "ຮຽນ", "ຜູ້ຮຽນ", "ນັກສຶກສາ", "ນັກຮຽນ", "ຈະ", "ສາມາດ")


def _lao_words(text: str) -> list[str]:
    # In the dictionary's spelling, so that ນໍາໃຊ້ is one word like ນຳໃຊ້ (ADR 1611).
    return list(lao_words(text))


def leading_verb(text: str, language: str = "en") -> str:
    stripped = text.strip()
    if language == "en":
        stripped = _LEAD_INS.sub("", stripped, count=1)
        match = re.match(r"[A-Za-z-]+", stripped)
        return match.group(0).lower() if match else ""
    return stripped.lower()


def is_not_observable(text: str, language: str = "en") -> str | None:
    """The offending verb when the outcome starts with a non-observable one, else ``None``."""
    verbs = NOT_OBSERVABLE.get(language)
    if not verbs:
        return None
    if language == "en":
        verb = leading_verb(text, language)
        return verb if verb in verbs else None
    if language == "lo":
        words = _lao_words(text)
        while words and words[0] in _LO_LEAD_INS:
            words.pop(0)
        folded = {comparison_form(v) for v in verbs}
        return words[0] if words and comparison_form(words[0]) in folded else None
    lowered = _VI_LEAD_INS.sub("", text.strip().lower(), count=1)
    for verb in sorted(verbs, key=len, reverse=True):
        if lowered == verb or lowered.startswith(verb + " "):
            return verb
    return None
