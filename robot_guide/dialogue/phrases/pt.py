"""Portuguese: repair, yes and no, choices, follow-ups on the last topic, a walk's progress, switching."""

from __future__ import annotations

import re

from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.rules import Mentions, Names, OneOf, PhraseSet, Whole

PORTUGUESE = PhraseSet(
    language="pt",
    polite_prefix=re.compile(
        r"^(?:(?:olá|oi|com licença|desculpe|desculpa|por favor|bom|então|robô|robo|aimoga)\s+)*"
        r"(?:(?:você )?(?:pode|poderia) me dizer\s+|(?:você )?sabe\s+)?"
    ),
    polite_suffix=re.compile(r"(?:\s+(?:por favor|obrigado|obrigada|de novo|outra vez))+$"),
    articles=re.compile(r"^(?:o|a|os|as|um|uma|este|esta|esse|essa|seu|sua|ao|do|da)\s+"),
    pronouns=frozenset({"isso", "isto", "lá", "ali", "aí", "o", "a", "ele", "ela"}),
    rules=(
        Whole(
            Intent.REPEAT,
            re.compile(
                r"^(?:desculpe |desculpa )?(?:você )?(?:pode |poderia )?"
                r"(?:repetir(?: isso)?|repete|repita|de novo|outra vez|como|o que|o que você disse|quê|hã|"
                r"não entendi)$"
            ),
            unstripped_too=True,
        ),
        Mentions(
            Intent.SLOWER,
            re.compile(r"\b(?:mais devagar|devagar|mais lento|muito rápido|rápido demais)\b"),
            max_words=8,
        ),
        OneOf(
            Intent.STOP,
            frozenset(
                {"pare", "para", "parar", "chega", "cancela", "cancelar", "cancele", "esquece", "esqueça"}
                | {"deixa pra lá", "deixa para lá", "não importa", "volte"}
            ),
        ),
        Whole(Intent.FIRST, re.compile(r"^(?:sim )?(?:o |a )?primeir[oa]$")),
        Whole(Intent.SECOND, re.compile(r"^(?:não )?(?:o |a )?(?:segund[oa]|outr[oa]|últim[oa])$")),
        OneOf(
            Intent.YES,
            frozenset(
                {"sim", "claro", "pode ser", "ok", "está bem", "tá bem", "tá", "certo", "exato", "isso"}
                | {"isso mesmo", "com certeza", "sim por favor", "por favor", "vamos", "pode", "quero"}
                | {"sim obrigado", "sim obrigada", "claro que sim", "sim vamos"}
            ),
        ),
        OneOf(
            Intent.NO,
            frozenset(
                {"não", "nao", "não obrigado", "não obrigada", "nenhum", "nenhuma", "nenhum dos dois"}
                | {"nenhuma das duas", "não precisa", "de jeito nenhum", "não não"}
            ),
        ),
        Whole(
            Intent.WHERE_IT,
            re.compile(r"^(?:e )?(?:onde (?:fica|é|está)(?: isso)?|como (?:eu )?chego(?: lá| aí)?|onde)$"),
        ),
        Whole(
            Intent.WHEN_IT,
            re.compile(r"^(?:e )?(?:quando|a que horas|que horas)(?: (?:é|começa|vai ser|abre))?(?: isso)?$"),
        ),
        Whole(
            Intent.HOW_FAR,
            re.compile(r"^(?:já chegamos|falta muito|quanto falta|é longe|estamos perto)$"),
        ),
        Names(
            Intent.LANGUAGE_SWITCH,
            re.compile(
                r"^(?:(?:você |o senhor |a senhora )?(?:fala|sabe falar|entende)|"
                r"(?:podemos|pode) falar(?: em)?|fale(?: em)?|vamos falar(?: em)?)\s+(?P<x>.+)$"
            ),
        ),
    ),
    language_names={"mandarim": "zh"},
)
