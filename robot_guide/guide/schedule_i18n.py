"""Programme answers in any served language: phrase templates from the persona, times from spoken_i18n."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from robot_guide.guide import spoken_i18n
from robot_guide.guide.lines import fill
from robot_guide.guide.schedule import SOON, Programme
from robot_guide.knowledge.model import DEFAULT_LANGUAGE, Persona, ScheduleItem

# The English templates, used where the persona has none (and the measure of the bundled English ones).
PHRASE_DEFAULTS: Mapping[str, str] = {
    "schedule_soon": "{subject} starts in {duration}{where}",
    "schedule_later": "{subject} is on {day} {at_time}{where}",
    "schedule_running": "{subject} started {duration} ago{where} and runs until {time}",
    "schedule_ended_today": "{subject} ended {at_time}{where}",
    "schedule_ended": "{subject} ended {on_day} {at_time}",
    "schedule_where": " in {place}",
    "schedule_today": "today",
    "schedule_tomorrow": "tomorrow",
    "schedule_yesterday": "yesterday",
    "schedule_on_date": "on {date}",
    "schedule_now": "Right now, {sessions}",
    "schedule_nothing_now": "Nothing is on right this minute. {next}",
    "schedule_nothing_today": "Nothing more is on today. Next, {next}",
    "schedule_finished_today": "The programme has finished for today. Thank you for coming!",
    "schedule_next": "Next, {sessions}",
    "schedule_last": "That was the last session of the summit. Thank you for coming!",
    "schedule_and": "; and ",
}
PHRASE_KINDS = tuple(PHRASE_DEFAULTS)


class SchedulePhrasing:
    """Says when sessions are, in one language; a language without spoken numbers is said in English."""

    def __init__(self, persona: Persona, language: str) -> None:
        spoken = language in spoken_i18n.SPOKEN_LANGUAGES
        self.language = language if spoken else DEFAULT_LANGUAGE
        self._persona = persona

    def template(self, kind: str) -> str:
        options = self._persona.options(kind, self.language)
        return options[0] if options else PHRASE_DEFAULTS[kind]

    def sentence(self, text: str) -> str:
        """Capitalised with one full stop, in the language's script (。 for Chinese)."""
        text = text.strip()
        text = text[:1].upper() + text[1:]
        if text.endswith((".", "!", "?", "。", "！", "？", "؟")):
            return text
        return text + ("。" if self.language == "zh" else ".")

    def _say(self, kind: str, **values: str) -> str:
        return fill(self.template(kind), values)

    def day_phrase(self, moment: datetime, now: datetime, *, with_on: bool) -> str:
        """ "today", "mañana", or the date: bare ("Sunday, October nineteenth") or `with_on` ("on ...")."""
        relative = {0: "schedule_today", 1: "schedule_tomorrow", -1: "schedule_yesterday"}
        kind = relative.get((moment.date() - now.date()).days)
        if kind:
            return self.template(kind)
        spoken_date = spoken_i18n.date_words(moment.date(), self.language)
        return self._say("schedule_on_date", date=spoken_date) if with_on else spoken_date

    def when_phrase(self, item: ScheduleItem, now: datetime, place: str, subject: str) -> str:
        """When `item` is, relative to `now` (no full stop): starts in, is on, started ago, ended."""
        language = self.language
        where = self._say("schedule_where", place=place) if place else ""
        values = {"subject": subject, "where": where}
        if now < item.start:
            if item.start - now <= SOON:
                duration = spoken_i18n.duration_words((item.start - now).total_seconds(), language)
                return self._say("schedule_soon", duration=duration, **values)
            at_time = spoken_i18n.at_clock_words(item.start, language)
            day = self.day_phrase(item.start, now, with_on=False)
            return self._say("schedule_later", day=day, at_time=at_time, **values)
        if now < item.end:
            duration = spoken_i18n.duration_words((now - item.start).total_seconds(), language)
            time = spoken_i18n.clock_words(item.end, language)
            return self._say("schedule_running", duration=duration, time=time, **values)
        at_time = spoken_i18n.at_clock_words(item.end, language)
        if item.end.date() == now.date():
            return self._say("schedule_ended_today", at_time=at_time, **values)
        on_day = self.day_phrase(item.end, now, with_on=True)
        return self._say("schedule_ended", on_day=on_day, at_time=at_time, **values)

    def describe_now(
        self,
        programme: Programme,
        now: datetime,
        title: Callable[[ScheduleItem], str],
        place: Callable[[ScheduleItem], str],
    ) -> str:
        """The answer to "what's on now?"."""
        running = programme.on_now(now)
        if running:
            return self.sentence(
                self._say("schedule_now", sessions=self._several(running, now, title, place))
            )
        following = programme.next_after(now, same_day=True)
        if following:
            item = following[0]
            phrase = self.when_phrase(item, now, place(item), title(item))
            return self._say("schedule_nothing_now", next=self.sentence(phrase))
        later = programme.next_after(now)
        if later:
            item = later[0]
            phrase = self.when_phrase(item, now, place(item), title(item))
            return self.sentence(self._say("schedule_nothing_today", next=phrase))
        return self.template("schedule_finished_today")

    def describe_next(
        self,
        programme: Programme,
        now: datetime,
        title: Callable[[ScheduleItem], str],
        place: Callable[[ScheduleItem], str],
    ) -> str:
        """The answer to "what's next?"."""
        following = programme.next_after(now)
        if not following:
            return self.template("schedule_last")
        return self.sentence(self._say("schedule_next", sessions=self._several(following, now, title, place)))

    def _several(
        self,
        items: list[ScheduleItem],
        now: datetime,
        title: Callable[[ScheduleItem], str],
        place: Callable[[ScheduleItem], str],
    ) -> str:
        parts = [self.when_phrase(i, now, place(i), subject=title(i)) for i in items[:3]]
        return self.template("schedule_and").join(parts)
