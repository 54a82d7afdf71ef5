"""Find a venue by the name a guest used (fuzzy, aliases, synonyms) for the route from this robot's post."""

from __future__ import annotations

from robot_guide.guide.text import simplify
from robot_guide.guide.topics import clean_topic
from robot_guide.knowledge.model import KnowledgeBase, Venue

MIN_PLACE_SCORE = 86.0  # WRatio; below this "hall c" would be sent to "hall b"


class VenueFinder:
    """Index of every venue name (all languages, plus the id), with the knowledge base's synonyms."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._venues = dict(knowledge.venues)
        self._names: list[str] = []
        self._ids: list[str] = []
        for venue in knowledge.venues.values():
            for name in {n for names in venue.names.values() for n in names} | {venue.id.replace("_", " ")}:
                self._names.append(clean_topic(simplify(name)) or simplify(name))
                self._ids.append(venue.id)
        # "loo" -> "restroom": variants are rewritten to their canonical word before matching.
        self._canonical: dict[str, str] = {}
        for canonical, variants in knowledge.synonyms.items():
            for variant in variants:
                self._canonical[simplify(variant)] = simplify(canonical)

    def _variants(self, place: str) -> list[str]:
        words = (clean_topic(simplify(place)) or simplify(place)).split()
        rewritten = " ".join(self._canonical.get(word, word) for word in words)
        whole = self._canonical.get(" ".join(words))
        return [v for v in dict.fromkeys([" ".join(words), rewritten, whole or ""]) if v]

    def find(self, place: str) -> Venue | None:
        """The best venue for `place`, or None when nothing is close enough."""
        if not place.strip() or not self._names:
            return None
        from rapidfuzz import fuzz, process

        best: tuple[float, str] | None = None
        for variant in self._variants(place):
            if variant in self._venues:
                return self._venues[variant]
            found = process.extractOne(variant[:200], self._names, scorer=fuzz.WRatio)
            if found is not None and (best is None or found[1] > best[0]):
                best = (found[1], self._ids[found[2]])
        if best is None or best[0] < MIN_PLACE_SCORE:
            return None
        return self._venues[best[1]]

    def venue(self, venue_id: str | None) -> Venue | None:
        return self._venues.get(venue_id) if venue_id else None
