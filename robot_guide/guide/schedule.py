"""The programme relative to now: what is on, what comes next, which run of a session matters, the days.
How it is said, in every language, is guide/schedule_i18n.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from robot_guide.guide.spoken import date_range_words
from robot_guide.guide.text import simplify
from robot_guide.knowledge.model import KnowledgeBase, ScheduleItem

# rapidfuzz ratio for "the same word": exhibitions ~ exhibition, but not lunch ~ launch.
MIN_WORD_SIMILARITY = 92.0
# Words that say nothing about WHICH session is meant.
# fmt: off
_NOT_CONTENT = frozenset({
    "the", "a", "an", "of", "and", "or", "for", "to", "in", "on", "at", "is", "are", "does", "do", "did",
    "it", "its", "this", "that", "what", "when", "which", "where", "time", "times", "start", "starts",
    "starting", "begin", "begins", "open", "opens", "session", "sessions", "event", "today", "tonight",
    "tomorrow", "please", "day", "next",
})
# fmt: on
# "When is the (user) summit", "when does the summit finish": the event as a whole, whose dates the knowledge
# base answers, not one of its sessions. Words that name the event, and words that do not narrow it to a
# session (its full name's other words, the end of it); "the summit opening" still names a session.
_EVENT_WORDS = frozenset({"summit", "event", "conference"})
_WHOLE_EVENT_WORDS = frozenset(
    {
        "user",
        "users",
        "international",
        "chery",
        "cherry",
        "whole",
        "entire",
        "main",
        "annual",
        "over",
        "end",
        "ends",
        "ending",
        "finish",
        "finishes",
        "finishing",
        "close",
        "closes",
        "wrap",
        "up",
        "run",
        "last",
        "held",
        "happening",
        "happen",
        "on",
        "taking",
        "place",
        "still",
    }
)
SOON = timedelta(hours=2)  # within this, "starts in twenty minutes" beats "starts at two p.m."


def event_days(items: Iterable[ScheduleItem]) -> tuple[date, date] | None:
    items = list(items)
    if not items:
        return None
    return min(i.start.date() for i in items), max(i.end.date() for i in items)


def is_outside(items: Iterable[ScheduleItem], now: datetime) -> bool:
    days = event_days(items)
    return days is None or not days[0] <= now.date() <= days[1]


def event_days_words(items: Iterable[ScheduleItem]) -> dict[str, str]:
    """Placeholders for the schedule_outside line: {first_day}, {last_day}, {days}."""
    days = event_days(items)
    if days is None:
        return {"first_day": "", "last_day": "", "days": ""}
    spoken = date_range_words(*days)
    first, _, last = spoken.partition(" to ")
    return {"first_day": first, "last_day": last or first, "days": spoken}


def full_stop(text: str) -> str:
    """One full stop at the end ("a.m." already ends one)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def sentence(text: str) -> str:
    """Capitalised, with one full stop."""
    text = text.strip()
    return full_stop(text[:1].upper() + text[1:])


def most_relevant(items: Iterable[ScheduleItem], now: datetime) -> ScheduleItem | None:
    """Of several sessions (day one, day two...): the one running, else the next, else the latest ended."""
    items = sorted(items, key=lambda i: i.start)
    running = [i for i in items if i.start <= now < i.end]
    upcoming = [i for i in items if i.start > now]
    ended = [i for i in items if i.end <= now]
    chosen = running or upcoming or ended[-1:]
    return chosen[0] if chosen else None


class Programme:
    """The summit schedule with title lookup; pure, the caller passes `now`."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.items = tuple(sorted(knowledge.schedule, key=lambda i: i.start))
        self._titles: list[str] = []
        self._title_items: list[ScheduleItem] = []
        for item in self.items:
            for title in {*item.titles.values(), item.id.replace("_", " ")}:
                self._titles.append(simplify(title))
                self._title_items.append(item)

    def by_title(self, name: str) -> list[ScheduleItem]:
        """All sessions whose title names what the guest asked for (a session may repeat on several days).

        Every content word of the question must appear in the title (allowing plurals and small ASR slips),
        so "when does the bar open" finds nothing rather than the session that shares the word "the".
        """
        wanted = _content_words(name)
        if not wanted:
            return []
        from rapidfuzz import fuzz

        best: dict[str, float] = {}
        for title, item in zip(self._titles, self._title_items, strict=True):
            have = _content_words(title)
            if all(any(_same_word(word, other) for other in have) for word in wanted):
                score = fuzz.token_set_ratio(" ".join(wanted), " ".join(have))
                best[item.id] = max(best.get(item.id, 0.0), score)
        if not best:
            return []
        top = max(best.values())
        return [item for item in self.items if best.get(item.id, -1.0) >= top - 1e-6]

    def for_entry(self, knowledge: KnowledgeBase, entry_id: str | None) -> list[ScheduleItem]:
        """Sessions linked to an entry, either way round (entry.schedule or item.entry)."""
        if not entry_id:
            return []
        entry = knowledge.entry(entry_id)
        linked = set(entry.schedule) if entry else set()
        return [i for i in self.items if i.id in linked or i.entry == entry_id]

    def on_now(self, now: datetime) -> list[ScheduleItem]:
        return [i for i in self.items if i.start <= now < i.end]

    def next_after(self, now: datetime, same_day: bool = False) -> list[ScheduleItem]:
        """The sessions starting soonest after `now` (ties: all of them)."""
        later = [i for i in self.items if i.start > now and (not same_day or i.start.date() == now.date())]
        if not later:
            return []
        first = later[0].start
        return [i for i in later if i.start == first]


def names_whole_event(name: str) -> bool:
    """True when a "when is X" names the event itself ("the user summit", "the summit finish")."""
    words = simplify(name).split()
    return any(word in _EVENT_WORDS for word in words) and all(
        word in _EVENT_WORDS or word in _WHOLE_EVENT_WORDS or word in _NOT_CONTENT for word in words
    )


def _content_words(text: str) -> list[str]:
    return [word for word in simplify(text).split() if word not in _NOT_CONTENT]


def _same_word(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    if a == b or (len(a) >= 4 and len(b) >= 4 and (a.startswith(b) or b.startswith(a))):
        return True
    return fuzz.ratio(a, b) >= MIN_WORD_SIMILARITY
