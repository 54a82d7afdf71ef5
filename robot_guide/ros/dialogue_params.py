"""dialogue_node's parameters: each declared once with its description, range and default."""

from __future__ import annotations

from dataclasses import dataclass

from rclpy.node import Node

from robot_guide.dialogue.catch_up import DEFAULT_MAX_QUESTION_AGE_S
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.ros.params import declare

# The default engine loads and learns the summit's paraphrases in about 2 s: the node waits that long for it
# before it says it is ready, so the first guest (and every scripted visit) meets the semantic matcher. On a
# slower or busier machine it serves lexically past this wait and swaps the re-ranker in when it is built.
SEMANTIC_WAIT_S = 4.0


@dataclass(frozen=True)
class DialogueNodeSettings:
    """Everything dialogue_node reads from its parameters at start."""

    knowledge_dir: str
    watch: bool
    matcher_kind: str
    semantic_wait_s: float
    config: DialogueConfig
    turnlog_path: str
    retention_days: int
    max_question_age_s: float
    clock_text: str
    max_escort_m: float


def declare_settings(node: Node) -> DialogueNodeSettings:
    """Declare every parameter of dialogue_node on `node` and read them."""
    knowledge_dir = declare(
        node,
        "knowledge_dir",
        "",
        "knowledge folder; empty = the bundled summit knowledge",
        read_only=True,
    )
    watch = declare(node, "watch_knowledge", True, "reload the knowledge when its files change")
    matcher_kind = declare(
        node,
        "matcher",
        "semantic",
        "semantic (re-ranking by meaning, the default), lexical (words only, for a tiny machine) or auto "
        "(semantic when its engine is installed)",
        read_only=True,
    )
    semantic_wait_s = declare(
        node,
        "semantic_wait_s",
        SEMANTIC_WAIT_S,
        "how long start-up waits for the semantic matcher before serving lexically until it is ready",
        low=0,
        high=600,
    )
    config = DialogueConfig(
        post=declare(node, "post", "main_entrance", "where this robot stands (a knowledge post id)"),
        regreet_after_s=declare(
            node,
            "regreet_after_s",
            120.0,
            "do not greet the same guest again within this time",
            low=0,
            high=86400,
        ),
        session_timeout_s=declare(
            node,
            "session_timeout_s",
            300.0,
            "forget a silent guest's conversation after this",
            low=1,
            high=86400,
        ),
        max_misunderstandings=declare(
            node,
            "max_misunderstandings",
            3,
            "misunderstandings in a row before offering staff",
            low=1,
            high=10,
        ),
        repeat_below_confidence=declare(
            node,
            "repeat_below_confidence",
            0.45,
            "a spoken question that matched nothing, heard less surely than this, is asked again once",
            low=0,
            high=1,
        ),
        robot_id=declare(node, "robot_id", "aimoga-1", "this robot's name in the turn log"),
        greet_first_words=declare(
            node,
            "greet_first_words",
            True,
            "say a short hello before answering a guest who speaks first, with no arrival seen",
        ),
    )
    turnlog_path = declare(node, "turnlog_path", "", "SQLite turn log; empty = default, 'off' = no log")
    retention_days = declare(node, "turnlog_retention_days", 30, "days of turns to keep", low=1, high=3650)
    max_question_age_s = declare(
        node,
        "max_question_age_s",
        DEFAULT_MAX_QUESTION_AGE_S,
        "a question older than this when it arrives (e.g. after a restart) is not answered: the guest is"
        " asked to repeat it",
        low=1,
        high=3600,
    )
    clock_text = declare(
        node, "clock", "", "fixed local time YYYY-MM-DD HH:MM that then runs on; empty = now"
    )
    max_escort_m = declare(
        node,
        "max_escort_m",
        80.0,
        "longest walk (m) the robot offers to take a guest on, once escort_node is up; 0 = never",
        read_only=True,
        low=0,
        high=1000,
    )

    return DialogueNodeSettings(
        knowledge_dir=knowledge_dir,
        watch=watch,
        matcher_kind=matcher_kind,
        semantic_wait_s=semantic_wait_s,
        config=config,
        turnlog_path=turnlog_path,
        retention_days=retention_days,
        max_question_age_s=max_question_age_s,
        clock_text=clock_text,
        max_escort_m=max_escort_m,
    )
