"""Walking a guest there, in the dialogue: the offer rules, yes and no, direct requests, stop, and what the
robot says as the escort node reports the walk (real summit knowledge and map, lexical matcher)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial

import pytest

from robot_guide.contracts.escort import EscortAction, EscortKind, EscortStatus, Pose2D
from robot_guide.contracts.messages import GuestEvent, Reply, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.dialogue.handlers.escort import OFFER_STANDS_S
from robot_guide.escort.offer import can_escort
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.knowledge.model import KnowledgeBase, VenueMap
from robot_guide.matching import build_matcher
from robot_guide.paths import default_knowledge_dir

NOW = datetime(2025, 10, 18, 13, 40)
GUEST = "visitor"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def summit() -> KnowledgeBase:
    return load_knowledge(default_knowledge_dir())


def engine(kb: KnowledgeBase, clock: FakeClock | None = None, max_escort_m: float = 80.0) -> DialogueEngine:
    dialogue = DialogueEngine(
        kb,
        build_matcher(kb, semantic=False),
        DialogueConfig(post="main_entrance", greet_first_words=False),
        monotonic=clock or FakeClock(),
        escort_reach=partial(can_escort, max_escort_m=max_escort_m),
    )
    dialogue.on_guest_event(GuestEvent("arrive", GUEST), NOW)
    return dialogue


def say(dialogue: DialogueEngine, text: str) -> list[Reply]:
    return dialogue.on_utterance(Utterance(text, GUEST), NOW)


def status(kind: EscortKind, place: str = "crash_arena", **more: object) -> EscortStatus:
    return EscortStatus(kind, place, **more)  # type: ignore[arg-type]


def test_directions_to_a_place_on_the_map_are_followed_by_one_offer_per_guest(summit: KnowledgeBase) -> None:
    dialogue = engine(summit)
    replies = say(dialogue, "where is hall b")
    assert [r.kind for r in replies] == ["directions", "escort_offer"]
    assert replies[1].text in summit.persona.options("escort_offer", "en")
    assert replies[1].guest_id == GUEST and replies[1].turn_id == replies[0].turn_id
    assert [r.kind for r in say(dialogue, "no thanks")] == ["escort_declined"]
    assert dialogue.take_commands() == []
    # Once per guest: the next directions come without another offer, even to another walkable place.
    assert [r.kind for r in say(dialogue, "where is hall c")] == ["directions"]
    # A new guest is offered again.
    dialogue.on_guest_event(GuestEvent("leave", GUEST), NOW)
    dialogue.on_guest_event(GuestEvent("arrive", "someone_else"), NOW)
    other = dialogue.on_utterance(Utterance("where is hall c", "someone_else"), NOW)
    assert [r.kind for r in other] == ["directions", "escort_offer"]


def test_yes_starts_the_walk_with_the_goal_and_the_way_home(summit: KnowledgeBase) -> None:
    dialogue = engine(summit)
    say(dialogue, "where is hall b")
    replies = say(dialogue, "yes please")
    assert [r.kind for r in replies] == ["escort_start"]
    assert "follow me" in replies[0].text.lower() and "crash challenge arena" in replies[0].text
    (command,) = dialogue.take_commands()
    assert command.action is EscortAction.GO and command.place == "crash_arena"
    assert command.goal == summit.map.venue("crash_arena") and command.home == "main_entrance"
    assert command.home_pose == summit.map.post("main_entrance") and command.guest_id == GUEST
    assert dialogue.take_commands() == []  # taken once


def test_an_offer_lapses_in_silence_and_any_other_question_ends_it(summit: KnowledgeBase) -> None:
    clock = FakeClock()
    dialogue = engine(summit, clock)
    say(dialogue, "where is hall b")
    clock.now += OFFER_STANDS_S + 1
    assert [r.kind for r in say(dialogue, "yes")] != ["escort_start"]
    assert dialogue.take_commands() == []

    dialogue = engine(summit)
    say(dialogue, "where is hall b")
    assert say(dialogue, "when is the summit")[0].kind != "escort_start"
    assert [r.kind for r in say(dialogue, "yes")] != ["escort_start"]  # the offer ended with the question
    assert dialogue.take_commands() == []


def test_direct_requests_start_the_walk(summit: KnowledgeBase) -> None:
    for request, place in (
        ("take me to the crash challenge", "crash_arena"),
        ("can you show me the way to Hall B", "crash_arena"),
        ("walk me to hall c", "exhibition_hall"),
    ):
        dialogue = engine(summit)
        assert [r.kind for r in say(dialogue, request)] == ["escort_start"], request
        (command,) = dialogue.take_commands()
        assert command.place == place, request
    dialogue = engine(summit)
    say(dialogue, "where are the toilets")
    say(dialogue, "no")
    assert [r.kind for r in say(dialogue, "could you take me there")] == ["escort_start"]
    assert dialogue.take_commands()[0].place == "restroom_area"


def test_never_offered_without_a_pose_or_beyond_the_limit_directions_instead(summit: KnowledgeBase) -> None:
    dialogue = engine(summit)
    assert [r.kind for r in say(dialogue, "where is the forum room")] == ["directions"]  # upstairs: no pose
    refused = say(dialogue, "take me to the forum room")
    assert [r.kind for r in refused] == ["directions"]
    assert (
        refused[0].text.startswith("I can't walk you there, but") or "not able to take you" in refused[0].text
    )
    assert summit.venues["forum_room"].route_from("main_entrance", "en") in refused[0].text
    assert dialogue.take_commands() == []

    near = engine(summit, max_escort_m=5.0)  # Hall B is about 16 m walked from the entrance
    assert [r.kind for r in say(near, "where is hall b")] == ["directions"]
    assert [r.kind for r in say(near, "take me to hall b")] == ["directions"]
    assert near.take_commands() == []

    no_map = replace(summit, map=VenueMap())
    plain = engine(no_map)
    assert [r.kind for r in say(plain, "where is hall b")] == ["directions"]


def test_without_an_escort_rule_the_robot_never_offers(summit: KnowledgeBase) -> None:
    dialogue = DialogueEngine(summit, build_matcher(summit, semantic=False), DialogueConfig())
    assert [r.kind for r in dialogue.on_utterance(Utterance("where is hall b", GUEST), NOW)] == ["directions"]
    assert dialogue.on_utterance(Utterance("take me to hall b", GUEST), NOW)[0].kind == "directions"
    assert dialogue.take_commands() == []


def test_while_walking_questions_are_answered_and_how_far_fits_the_move(summit: KnowledgeBase) -> None:
    dialogue = engine(summit)
    say(dialogue, "take me to hall b")
    dialogue.take_commands()
    goal = summit.map.venue("crash_arena")
    assert dialogue.on_escort_status(status(EscortKind.LEADING, goal=goal)) == []
    dialogue.on_escort_status(status(EscortKind.PROGRESS, remaining_m=8.4))
    (near,) = say(dialogue, "are we there yet")
    assert (
        near.kind == "escort_progress" and "almost there" in near.text.lower() and "eight metres" in near.text
    )
    dialogue.on_escort_status(status(EscortKind.PROGRESS, remaining_m=40.0))
    (far,) = say(dialogue, "how much further")
    assert far.kind == "escort_progress" and "forty metres" in far.text
    (answer,) = say(dialogue, "when is the summit")
    assert answer.kind == "answer"
    assert [r.kind for r in say(dialogue, "where is hall c")] == ["directions"]  # no offer while walking
    # A guest seen arriving while the robot is away is greeted back at the post, not now.
    assert dialogue.on_guest_event(GuestEvent("arrive", "passer_by"), NOW) == []
    # The guest walks behind the robot, out of the camera's view: that is not leaving.
    assert dialogue.on_guest_event(GuestEvent("leave", GUEST), NOW) == []


def test_arrival_then_back_at_post(summit: KnowledgeBase) -> None:
    dialogue = engine(summit)
    say(dialogue, "walk me to hall b")
    (arrived,) = dialogue.on_escort_status(status(EscortKind.ARRIVED))
    assert arrived.kind == "escort_arrived" and arrived.guest_id == GUEST
    assert arrived.text in (
        "Here is the crash challenge arena. Enjoy!",
        "We are here: the crash challenge arena. Enjoy your visit!",
    )
    assert dialogue.on_escort_status(status(EscortKind.RETURNING, "main_entrance")) == []
    assert dialogue.on_escort_status(status(EscortKind.BACK_AT_POST, "main_entrance")) == []
    # Free again: another guest is greeted and offered a walk.
    dialogue.on_guest_event(GuestEvent("leave", GUEST), NOW)
    assert [r.kind for r in dialogue.on_guest_event(GuestEvent("arrive", "next_guest"), NOW)] == ["greeting"]
    replies = dialogue.on_utterance(Utterance("where is hall c", "next_guest"), NOW)
    assert [r.kind for r in replies] == ["directions", "escort_offer"]


def test_stop_cancels_the_walk_and_turns_back(summit: KnowledgeBase) -> None:
    dialogue = engine(summit)
    say(dialogue, "take me to hall b")
    dialogue.take_commands()
    dialogue.on_escort_status(status(EscortKind.LEADING))
    (stopped,) = say(dialogue, "never mind")
    assert stopped.kind == "escort_cancelled"
    (command,) = dialogue.take_commands()
    assert command.action is EscortAction.CANCEL
    # The robot reached the place just as the guest said stop: no arrival line after "I will stop here".
    assert dialogue.on_escort_status(status(EscortKind.ARRIVED)) == []
    # Nothing to stop any more: "stop" is acknowledged, and no second cancel is sent.
    assert say(dialogue, "stop")[0].kind == "escort_declined"
    assert dialogue.take_commands() == []
    # An offer is declined by "stop" too.
    other = engine(summit)
    say(other, "where is hall b")
    assert say(other, "cancel")[0].kind == "escort_declined"


def test_a_navigation_failure_is_said_with_the_spoken_directions(summit: KnowledgeBase) -> None:
    dialogue = engine(summit)
    say(dialogue, "take me to hall b")
    dialogue.on_escort_status(status(EscortKind.LEADING))
    (failed,) = dialogue.on_escort_status(status(EscortKind.FAILED, reason="no_progress"))
    assert failed.kind == "escort_failed" and failed.guest_id == GUEST
    assert "crash challenge arena" in failed.text
    assert summit.venues["crash_arena"].route_from("main_entrance", "en") in failed.text
    assert dialogue.on_escort_status(status(EscortKind.RETURNING, "main_entrance")) == []
    assert say(dialogue, "are we there yet")[0].kind != "escort_progress"  # walking home, not with the guest


def test_a_silent_escort_node_frees_the_robot(summit: KnowledgeBase) -> None:
    clock = FakeClock()
    dialogue = engine(summit, clock)
    say(dialogue, "take me to hall b")
    clock.now += 60.0  # no status at all: the escort node is gone
    dialogue.on_guest_event(GuestEvent("arrive", "next_guest"), NOW)
    replies = dialogue.on_utterance(Utterance("where is hall c", "next_guest"), NOW)
    assert [r.kind for r in replies] == ["directions", "escort_offer"]


def test_the_offer_rule_reads_the_map_poses() -> None:
    post, hall = Pose2D(0.0, 0.0), Pose2D(12.0, -3.5)
    assert can_escort(hall, post)
    assert not can_escort(None, post)
