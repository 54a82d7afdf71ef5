"""The name of a place or event as a guest said it, cleaned for lookup: "the nearest loo" -> "loo"."""

from __future__ import annotations

import re

# Words in front of a name that are not part of it (English: venue names are matched after the same cleaning).
ENGLISH_ARTICLES = re.compile(r"^(?:the|a|an|this|that|your|nearest|closest|next|main)\s+")


def clean_topic(topic: str, articles: re.Pattern[str] = ENGLISH_ARTICLES) -> str:
    """ "the nearest loo" -> "loo"; the name a guest used, for lookup and for "I don't know where X is"."""
    topic = topic.strip()
    previous = None
    while previous != topic:
        previous = topic
        topic = articles.sub("", topic)
    topic = topic.strip()
    return "" if articles.match(topic + " ") else topic
