"""Clarification: "did you mean A, or B?" and reading the guest's choice from the next words."""

from __future__ import annotations

from robot_guide.contracts.messages import Reply, ReplyKind
from robot_guide.dialogue.context import Turn
from robot_guide.dialogue.handlers.answers import answer_entry, is_directions
from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.session import Pending
from robot_guide.matching.result import Decision, MatchResult

MIN_CHOICE_SCORE = 60.0  # rapidfuzz score for "the crash one" naming one of two offered options
LABEL_CHOICE_SCORE = 85.0  # rapidfuzz score for naming an option the way the robot itself said it


def offer_choice(turn: Turn, result: MatchResult) -> Reply | None:
    """Ask which of the (at most two) close entries the guest meant; None when there is nothing to offer."""
    kb = turn.knowledge.kb
    options = tuple(dict.fromkeys(c.entry_id for c in result.candidates if kb.entry(c.entry_id)))
    if not options and result.entry_id and kb.entry(result.entry_id):
        options = (result.entry_id,)
    if not options:
        return None
    options = options[:2]
    labels = [option_label(turn, o) for o in options]
    if len(options) == 1:
        text = turn.lines.pick("clarify_one", turn.language, first=labels[0])
    else:
        text = turn.lines.pick("clarify", turn.language, first=labels[0], second=labels[1])
    turn.session.pending = Pending.choice(options)
    return Reply(
        text=text,
        kind=ReplyKind.CLARIFY,
        decision=Decision.CLARIFY,
        entry=options[0],
        score=result.score,
        language=turn.language,
    )


def after_choice(turn: Turn) -> Reply | None:
    """The guest's reply to "did you mean A or B?"; None means it was a new question after all."""
    session = turn.session
    options = session.pending.options
    intent = turn.parsed.intent
    chosen: str | None = None
    if intent in (Intent.YES, Intent.FIRST):
        chosen = options[0]
    elif intent is Intent.SECOND and len(options) > 1:
        chosen = options[1]
    elif intent is Intent.NO:
        session.clear_pending()
        return turn.misunderstood(turn.line("clarify_unclear", "clarify_unclear"))
    elif intent is Intent.WHERE_IT:
        # "where is it?" answers "did you mean the launch, or where is the main stage?": the place option.
        chosen = next((o for o in options if is_directions(turn.knowledge.kb.entry(o))), None)
    elif intent in (Intent.QUESTION, Intent.AND_ALSO):
        chosen = _choose_by_name(turn, options)
    if chosen is None:
        return None
    session.clear_pending()
    entry = turn.knowledge.kb.entry(chosen)
    if entry is None:
        return None
    return answer_entry(turn, entry, 1.0)


def option_label(turn: Turn, entry_id: str) -> str:
    """How the robot names an option: its session's title, or its first question made into a phrase."""
    know = turn.knowledge
    items = know.programme.for_entry(know.kb, entry_id)
    if items:
        return items[0].title_in(turn.language)
    entry = know.kb.entry(entry_id)
    questions = (entry.questions_in(turn.language) or entry.questions_in("en")) if entry else ()
    if not questions:
        return entry_id.replace("_", " ")
    question = questions[0].rstrip("?.! ")
    return question[:1].lower() + question[1:]


def _choose_by_name(turn: Turn, options: tuple[str, ...]) -> str | None:
    """ "the exhibition one" -> that option; a clear question about something else -> None (new turn)."""
    from rapidfuzz import fuzz

    text = turn.text.lower()
    # First the labels the robot itself just said: naming one of them is the clearest choice there is.
    said = sorted(
        ((fuzz.token_set_ratio(text, option_label(turn, o).lower()), o) for o in options), reverse=True
    )
    if said[0][0] >= LABEL_CHOICE_SCORE and (len(said) == 1 or said[0][0] - said[1][0] >= 15.0):
        return said[0][1]

    result = turn.knowledge.matcher.match(turn.text, turn.language, None)
    if result.decision is Decision.ANSWER and result.entry_id:
        return result.entry_id if result.entry_id in options else None

    scores: list[tuple[float, str]] = []
    for option in options:
        entry = turn.knowledge.kb.entry(option)
        names = [option_label(turn, option)]
        if entry is not None:
            names += list(entry.questions_in(turn.language)) + list(entry.keywords)
        scores.append((max(fuzz.token_set_ratio(text, n.lower()) for n in names), option))
    scores.sort(reverse=True)
    best, option = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if best >= MIN_CHOICE_SCORE and best - runner_up >= 10.0:
        return option
    return None
