"""Spanish: repair, yes and no, choices, follow-ups on the last topic, a walk's progress, switching."""

from __future__ import annotations

import re

from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.rules import Mentions, Names, OneOf, PhraseSet, Whole

SPANISH = PhraseSet(
    language="es",
    polite_prefix=re.compile(
        r"^(?:(?:hola|perdón|perdone|disculpe|disculpa|oiga|oye|por favor|bueno|pues|eh|vale|"
        r"robot|aimoga)\s+)*"
        r"(?:(?:me )?(?:puede|podría|puedes|podrías) decir(?:me)?\s+|(?:usted )?sabe\s+|sabes\s+)?"
    ),
    polite_suffix=re.compile(r"(?:\s+(?:por favor|gracias|muchas gracias|otra vez))+$"),
    articles=re.compile(r"^(?:el|la|los|las|un|una|este|esta|ese|esa|su|al|del)\s+"),
    pronouns=frozenset({"eso", "esto", "ahí", "allí", "allá", "lo", "la", "ello"}),
    rules=(
        Whole(
            Intent.REPEAT,
            re.compile(
                r"^(?:perdón |disculpe )?(?:me lo |lo )?(?:puede |podría |puedes |podrías )?"
                r"(?:repetir(?:lo|la|me)?|repita(?:lo)?|repítelo|repítamelo|otra vez|cómo|qué|qué dijo|"
                r"qué ha dicho|mande|perdón|no le he entendido|no entendí|no le entendí)$"
            ),
            unstripped_too=True,
        ),
        Mentions(
            Intent.SLOWER,
            re.compile(r"\b(?:más despacio|más lento|despacio|muy rápido|demasiado rápido)\b"),
            max_words=8,
        ),
        OneOf(
            Intent.STOP,
            frozenset(
                {"para", "pare", "alto", "detente", "deténgase", "cancela", "cancelar", "cancele"}
                | {"olvídalo", "olvídelo", "déjelo", "da igual", "no importa", "vuelva"}
            ),
        ),
        Whole(Intent.FIRST, re.compile(r"^(?:sí )?(?:el |la )?primer[oa]?$")),
        Whole(Intent.SECOND, re.compile(r"^(?:no )?(?:el |la )?(?:segund[oa]|otr[oa]|últim[oa])$")),
        OneOf(
            Intent.YES,
            frozenset(
                {"sí", "si", "claro", "vale", "de acuerdo", "por supuesto", "exacto", "correcto", "eso es"}
                | {"sí por favor", "si por favor", "sí gracias", "vamos", "adelante", "venga", "por favor"}
                | {"sí claro", "claro que sí", "sí vamos", "bueno", "ok", "okey"}
            ),
        ),
        OneOf(
            Intent.NO,
            frozenset(
                {"no", "no gracias", "ninguno", "ninguna", "tampoco", "para nada", "no hace falta"}
                | {"ninguno de los dos", "ninguna de las dos", "no no", "no está bien"}
            ),
        ),
        Whole(
            Intent.WHERE_IT,
            re.compile(
                r"^(?:y )?(?:dónde (?:está|es|queda)(?: eso)?|"
                r"cómo (?:llego|se llega)(?: allí| ahí| allá)?|dónde)$"
            ),
        ),
        Whole(
            Intent.WHEN_IT,
            re.compile(r"^(?:y )?(?:cuándo|a qué hora)(?: (?:es|empieza|comienza|será|abre))?(?: eso)?$"),
        ),
        Whole(
            Intent.HOW_FAR,
            re.compile(
                r"^(?:ya (?:hemos llegado|llegamos)|falta mucho|cuánto falta|está lejos|estamos cerca)$"
            ),
        ),
        Names(
            Intent.LANGUAGE_SWITCH,
            re.compile(
                r"^(?:(?:usted |tú )?(?:habla|hablas|sabe hablar|sabes hablar|entiende|entiendes)|"
                r"(?:podemos|puede|puedes) hablar(?: en)?|hable(?: en)?|hablemos(?: en)?)\s+(?P<x>.+)$"
            ),
        ),
    ),
    language_names={"castellano": "es", "mandarín": "zh"},
)
