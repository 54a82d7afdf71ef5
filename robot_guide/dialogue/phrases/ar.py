"""Arabic: repair, yes and no, choices, follow-ups on the last topic, a walk's progress, switching."""

from __future__ import annotations

import re

from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.rules import Mentions, Names, OneOf, PhraseSet, Whole

ARABIC = PhraseSet(
    language="ar",
    polite_prefix=re.compile(r"^(?:(?:مرحبا|مرحبًا|عفوا|عفوًا|من فضلك|لو سمحت|رجاء|يا روبوت)\s+)*"),
    polite_suffix=re.compile(r"(?:\s+(?:من فضلك|لو سمحت|شكرا|شكرًا|مرة أخرى))+$"),
    articles=re.compile(r"^(?:هذا|هذه|ذلك|تلك)\s+"),
    pronouns=frozenset({"هذا", "هذه", "ذلك", "هناك", "هو", "هي"}),
    rules=(
        Whole(
            Intent.REPEAT,
            re.compile(
                r"^(?:عفوا |عفوًا )?(?:هل يمكنك |ممكن )?"
                r"(?:أعد|أعيدي|اعد|أعد ذلك|كرر|كرري|كرر ذلك|مرة أخرى|ماذا|ماذا قلت|لم أفهم|لم أسمع|لم اسمع)$"
            ),
            unstripped_too=True,
        ),
        Mentions(
            Intent.SLOWER,
            re.compile(r"(?:ببطء|أبطأ|ابطأ|بسرعة كبيرة|سريع جدا|سريع جدًا|على مهل|تمهل)"),
            max_words=8,
        ),
        OneOf(Intent.STOP, frozenset({"توقف", "قف", "إلغاء", "الغاء", "انس الأمر", "لا يهم", "كفى", "ارجع"})),
        Whole(Intent.FIRST, re.compile(r"^(?:نعم )?(?:الأول|الاول|الأولى|الاولى)$")),
        Whole(
            Intent.SECOND,
            re.compile(
                r"^(?:لا )?(?:الثاني|الثانية|الآخر|الاخر|الأخرى|"
                r"الاخرى|الأخير|الاخير)$"
            ),
        ),
        OneOf(
            Intent.YES,
            frozenset(
                {"نعم", "أجل", "اجل", "بالتأكيد", "طبعا", "طبعًا", "حسنا", "حسنًا", "موافق", "صحيح", "تمام"}
                | {"نعم من فضلك", "نعم شكرا", "نعم شكرًا", "هيا", "هيا بنا", "من فضلك", "أكيد", "ايوه"}
            ),
        ),
        OneOf(
            Intent.NO,
            frozenset({"لا", "لا شكرا", "لا شكرًا", "كلا", "ولا واحد", "لا هذا ولا ذاك"})
            | {"غير صحيح", "لا داعي"},
        ),
        Whole(
            Intent.WHERE_IT,
            re.compile(r"^(?:و)?(?:أين (?:هو|هي|ذلك|هذا)|كيف أصل (?:إليه|إليها|هناك)|أين)$"),
        ),
        Whole(
            Intent.WHEN_IT,
            re.compile(
                r"^(?:و)?(?:متى|في أي ساعة|في اي ساعة)(?: (?:يبدأ|تبدأ|يكون|تكون))?(?: (?:ذلك|هذا|هو|هي))?$"
            ),
        ),
        Whole(
            Intent.HOW_FAR,
            re.compile(
                r"^(?:هل (?:وصلنا|اقتربنا)|هل ما زال بعيدا|"
                r"كم (?:بقي|تبقى)(?: من المسافة)?|هل هو بعيد)$"
            ),
        ),
        Names(
            Intent.LANGUAGE_SWITCH,
            re.compile(
                r"^(?:هل )?(?:تتكلم|تتكلمين|تتحدث|تتحدثين|تفهم|تفهمين|"
                r"ممكن نتكلم|ممكن نتحدث|تكلم|تحدث)\s+(?P<x>.+)$"
            ),
        ),
    ),
    language_names={
        "عربي": "ar",
        "العربي": "ar",
        "انجليزي": "en",
        "إنجليزي": "en",
        "الانجليزية": "en",
        "صيني": "zh",
        "اسباني": "es",
        "إسباني": "es",
        "روسي": "ru",
        "برتغالي": "pt",
    },
)
