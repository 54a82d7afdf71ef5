"""dialogue_node: guest events and utterances in, replies out; live knowledge reload; turn log."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus, KeyValue
from rcl_interfaces.msg import SetParametersResult
from rclpy.callback_groups import MutuallyExclusiveCallbackGroup, ReentrantCallbackGroup
from rclpy.node import Node
from std_msgs.msg import String
from std_srvs.srv import Trigger

from robot_guide.contracts.messages import UNKNOWN_LANGUAGE, GuestEvent, MessageError, Reply, Utterance
from robot_guide.contracts.status import KnowledgeStatus
from robot_guide.dialogue.catch_up import (
    FORGOTTEN_AFTER_S,
    CatchUp,
    Verdict,
    message_key,
)
from robot_guide.dialogue.clock import Clock
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.knowledge.live import LiveKnowledge, ReloadOutcome
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.reloads import Reloads
from robot_guide.knowledge.speech_catalog import speech_catalogue
from robot_guide.knowledge.vocabulary import asr_prompt
from robot_guide.knowledge.watch import KnowledgeWatcher
from robot_guide.matching import build_matcher
from robot_guide.matching.embedder import DEFAULT_ENGINE, engine_available, missing_engine_message
from robot_guide.matching.result import Matcher
from robot_guide.paths import default_knowledge_dir, state_dir
from robot_guide.ros import interface as rg
from robot_guide.ros.dialogue_params import declare_settings
from robot_guide.ros.escort_link import EscortLink
from robot_guide.ros.fleet_link import FleetHooks, FleetLink, fleet_name
from robot_guide.ros.malformed_log import MalformedLog, malformed_status
from robot_guide.ros.runner import NodeConfigError, NodeRecipe, run_node
from robot_guide.turnlog.handled import HandledMessages
from robot_guide.turnlog.store import TurnLog
from robot_guide.turnlog.turns import default_turnlog_path

CLOCK_FORMAT = "%Y-%m-%d %H:%M"
DIAGNOSTICS_PERIOD_S = 2.0
MATCHER_KINDS: dict[str, bool | None] = {"auto": None, "lexical": False, "semantic": True}


def parse_clock(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), CLOCK_FORMAT)
    except ValueError:
        raise ValueError(f"clock must be written YYYY-MM-DD HH:MM, got {text!r}") from None


class DialogueNode(Node):
    def __init__(self, **node_options: Any) -> None:
        # node_options (e.g. parameter_overrides) let tests run the node in-process with their own settings.
        super().__init__("dialogue_node", **node_options)
        settings = declare_settings(self)
        knowledge_dir, watch, matcher_kind = settings.knowledge_dir, settings.watch, settings.matcher_kind
        semantic_wait_s, config = settings.semantic_wait_s, settings.config
        turnlog_path, retention_days = settings.turnlog_path, settings.retention_days
        max_question_age_s, clock_text = settings.max_question_age_s, settings.clock_text
        max_escort_m = settings.max_escort_m

        self._guide_clock = Clock()
        if clock_text:
            try:
                self._guide_clock.set(parse_clock(clock_text))
            except ValueError as exc:
                raise NodeConfigError(f"parameter 'clock': {exc}") from None
        self.add_on_set_parameters_callback(self._on_set_parameters)

        self._folder = Path(knowledge_dir) if knowledge_dir else default_knowledge_dir()
        if matcher_kind not in MATCHER_KINDS:
            raise NodeConfigError(f"parameter 'matcher' must be one of {', '.join(MATCHER_KINDS)}")
        self._semantic_wanted = MATCHER_KINDS[matcher_kind]
        if self._semantic_wanted and not engine_available(DEFAULT_ENGINE):
            raise NodeConfigError(
                f"parameter 'matcher' is semantic, but {missing_engine_message(DEFAULT_ENGINE)}; "
                "or set matcher to lexical"
            )
        # The lexical matcher is ready at once; the semantic re-ranker is built in the background and
        # swapped in between turns when it is ready (start-up waits semantic_wait_s for it, see above).
        self._semantic_loaded = threading.Event()
        self._semantic_settled = threading.Event()  # loaded, or failed: start-up stops waiting either way
        self._live = LiveKnowledge(self._folder, self._build_matcher)
        outcome = self._live.reload()
        if not outcome.ok:
            first = outcome.problems[0] if outcome.problems else "unknown problem"
            raise NodeConfigError(
                f"knowledge in {self._folder} has {len(outcome.problems)} problem(s), first: {first}; "
                f"fix it and run 'robot-guide kb check {self._folder}'"
            )
        snapshot = self._live.current
        self._engine = DialogueEngine(snapshot.knowledge, snapshot.index, config)
        # Typed questions (the simulator) have their language detected: load the profiles off the first turn.
        threading.Thread(target=self._engine.warm, name="warm-language-id", daemon=True).start()
        self._turn_lock = threading.Lock()  # a knowledge swap happens between turns, never inside one
        self._reload_lock = threading.Lock()  # a swap of the engine's knowledge, never held while loading
        self._reloads = Reloads(self._live, self._on_reload_outcome)

        self._turnlog: TurnLog | None = None
        self._handled: HandledMessages | None = None
        if turnlog_path != "off":
            path = Path(turnlog_path) if turnlog_path else default_turnlog_path()
            self._handled = HandledMessages(path.with_name(path.name + ".handled"))
            self._turnlog = TurnLog(
                path,
                retention_days=retention_days,
                robot_id=config.robot_id,
                on_problem=self._on_turnlog_problem,
            )
        self._last_refusal = ""
        # What the previous run handled matters only as long as a retained message could still be answered.
        handled = self._handled.load(since=time.time() - FORGOTTEN_AFTER_S) if self._handled else []
        self._catch_up = CatchUp(max_question_age_s, handled)
        self._diagnostics_level = 0

        self._reply_pub = rg.ROBOT_REPLY.publisher(self)
        self._status_pub = rg.KNOWLEDGE_STATUS.publisher(self)
        self._speech_pub = rg.KNOWLEDGE_SPEECH.publisher(self)
        warn = self.get_logger().warning
        self._malformed_events = MalformedLog(warn, "guest event", rg.MALFORMED_LOG_EVERY_S)
        self._malformed_utterances = MalformedLog(warn, "utterance", rg.MALFORMED_LOG_EVERY_S)
        # A group each (keeping each topic in order): a flood on one guest topic neither holds the other up
        # nor the timers and services of the default group, and the executor drains each queue on its own.
        rg.GUEST_EVENTS.subscribe(self, self._on_guest_event, MutuallyExclusiveCallbackGroup())
        rg.GUEST_UTTERANCE.subscribe(self, self._on_utterance, MutuallyExclusiveCallbackGroup())
        # Its own reentrant group: a reload running in the service thread holds up neither the turns nor a
        # second call, which is told at once that a reload is running.
        self.create_service(
            Trigger,
            rg.RELOAD_SERVICE,
            self._on_reload_service,
            callback_group=ReentrantCallbackGroup(),
        )
        self._escort = EscortLink(
            self, self._engine, self._turn_lock, partial(self._publish_reply, question=None), max_escort_m
        )

        robot = fleet_name(self.get_namespace(), config.robot_id)
        self._fleet = FleetLink(
            self,
            robot,
            config.robot_id,
            config.post,
            state_dir() / "fleet" / robot,
            FleetHooks(
                local_folder=self._folder,
                local_version=lambda: self._live.current.knowledge.version,
                build_index=self._fleet_matcher,
                swap=self._use_knowledge,
                on_serving_changed=lambda: self._publish_knowledge(ok=True, problems=()),
                diagnostics_level=lambda: self._diagnostics_level,
            ),
        )
        self._fleet.restore()
        if self._turnlog is not None:
            self._fleet.tally.seed(self._turnlog.path, self._guide_clock.now())
        self._publish_knowledge(ok=True, problems=())
        self._watcher: KnowledgeWatcher | None = None
        if watch:
            self._watcher = KnowledgeWatcher(self._folder, self._on_files_changed)
            self._watcher.start()
        self._diagnostics_pub = rg.DIAGNOSTICS.publisher(self)
        self.create_timer(DIAGNOSTICS_PERIOD_S, self._publish_diagnostics)
        if self._semantic_wanted is not False and engine_available(DEFAULT_ENGINE):
            loader = threading.Thread(target=self._load_semantic, name="semantic-matcher", daemon=True)
            loader.start()
            self._semantic_settled.wait(semantic_wait_s)
        self._status_publisher = rg.announce_ready(self)
        matcher = "semantic" if self._semantic_loaded.is_set() else "lexical"
        self.get_logger().info(
            f"ready: knowledge {snapshot.knowledge.version} from {self._folder} "
            f"({len(snapshot.knowledge.entries)} entries), post {config.post}, {matcher} matcher"
        )

    # --- turns -------------------------------------------------------------------------------------
    def _on_guest_event(self, msg: String) -> None:
        try:
            event = GuestEvent.from_json(msg.data)
        except MessageError as exc:
            self._malformed_events.refused(exc)
            return
        with self._turn_lock:
            if not self._catch_up.take_event(event, time.time()):
                self.get_logger().info(f"ignored a late or repeated {event.kind} of {event.guest_id}")
                return
            replies = self._engine.on_guest_event(event, self._guide_clock.now())
        if self._handled is not None:
            self._handled.add(message_key(event))
        for reply in replies:
            self._publish_reply(reply, question=None)

    def _on_utterance(self, msg: String) -> None:
        try:
            utterance = Utterance.from_json(msg.data)
        except MessageError as exc:
            self._malformed_utterances.refused(exc)
            return
        with self._turn_lock:
            verdict = self._catch_up.verdict(utterance, time.time())
            if verdict is Verdict.ANSWER:
                replies = self._engine.on_utterance(utterance, self._guide_clock.now())
            else:
                replies = [self._engine.ask_again(utterance)] if verdict is Verdict.ASK_AGAIN else []
                self.get_logger().info(f"late question {utterance.turn_id!r}: {verdict}")
        if replies and utterance.language == UNKNOWN_LANGUAGE:
            # Typed text's language is detected by the dialogue: its first reply is in the guest's language.
            utterance = replace(utterance, language=replies[0].language)
        for reply in replies:
            self._publish_reply(reply, question=utterance)
        self._escort.send_commands()
        if self._handled is not None:
            self._handled.add(message_key(utterance))

    def _publish_reply(self, reply: Reply, question: Utterance | None) -> None:
        self._reply_pub.publish(String(data=reply.to_json()))
        if question is not None and self._turnlog is not None:
            self._turnlog.record(question, reply, self._guide_clock.now())
        if question is not None:
            self._fleet.turn(question, reply, self._guide_clock.now())

    # --- knowledge reload ------------------------------------------------------------------------
    def _on_files_changed(self) -> None:
        self._reloads.request("files changed")

    def _on_reload_service(self, _request: Trigger.Request, response: Trigger.Response) -> Trigger.Response:
        try:
            response.success, response.message = self.reload("reload service")
        except Exception as exc:  # a service callback that raises takes the whole node down
            self.get_logger().error(f"reload service failed: {exc!r}")
            response.success, response.message = False, f"reload failed: {exc!r}"
        return response

    def reload(self, reason: str) -> tuple[bool, str]:
        """Validate and index the folder now, unless a reload is already running (then say so at once)."""
        outcome = self._reloads.try_now(reason)
        if outcome is None:
            return False, (
                f"a reload is already running ({self._reloads.running_for or 0:.1f} s so far); "
                "its result will be on knowledge/status"
            )
        if not outcome.ok:
            return False, f"refused, still serving {outcome.version}: {len(outcome.problems)} problem(s)"
        return True, f"now serving {outcome.version}" if outcome.changed else f"unchanged ({outcome.version})"

    def _on_reload_outcome(self, outcome: ReloadOutcome, reason: str) -> None:
        """After every reload: a refusal is logged and published, a new version swapped in between turns."""
        if not outcome.ok:
            for problem in outcome.problems:
                self.get_logger().error(f"knowledge edit refused: {problem}")
            self._publish_knowledge(ok=False, problems=tuple(str(p) for p in outcome.problems))
            first = outcome.problems[0] if outcome.problems else "unknown problem"
            self._last_refusal = f"{len(outcome.problems)} problem(s), first: {first}"
            return
        if not outcome.changed:
            return
        with self._reload_lock:
            snapshot = self._live.current
            self._use_knowledge(snapshot.knowledge, snapshot.index)
            self._fleet.local_took_over()  # a local edit saved now is the newest version
            self._last_refusal = ""
            self._publish_knowledge(ok=True, problems=())
        self.get_logger().info(
            f"knowledge reloaded ({reason}): {snapshot.knowledge.version} in {outcome.seconds:.2f} s"
        )

    def _build_matcher(self, kb: KnowledgeBase) -> Matcher:
        return build_matcher(kb, semantic=False)  # served at once; _load_semantic upgrades it

    def _fleet_matcher(self, kb: KnowledgeBase) -> Matcher:
        return build_matcher(kb, semantic=self._semantic_loaded.is_set())

    def _use_knowledge(self, kb: KnowledgeBase, index: Matcher) -> None:
        with self._turn_lock:
            self._engine.use_knowledge(kb, index)

    def _load_semantic(self) -> None:
        try:
            self._build_semantic()
        finally:
            self._semantic_settled.set()

    def _build_semantic(self) -> None:
        started = time.monotonic()
        # Built off the reload lock: edits saved while the model loads (seconds) are served at once
        # with the lexical matcher, and the re-ranker is then built again for the newest version.
        outcome = self._live.reindex(partial(build_matcher, semantic=True))
        if not outcome.ok:
            self.get_logger().warning(
                f"semantic re-ranker not available, staying lexical: {outcome.problems[0]}"
            )
            return
        with self._reload_lock:
            self._semantic_loaded.set()
            snapshot = self._live.current
            if self._fleet.serving is None:  # a fleet version keeps serving; its next bundle gets semantic
                self._use_knowledge(snapshot.knowledge, snapshot.index)
            self._publish_knowledge(ok=True, problems=())
        self.get_logger().info(f"semantic re-ranker active after {time.monotonic() - started:.1f} s")

    def _serving_knowledge(self) -> KnowledgeBase:
        fleet = self._fleet.serving
        return fleet.kb if fleet is not None else self._live.current.knowledge

    def _publish_knowledge(self, ok: bool, problems: tuple[str, ...]) -> None:
        knowledge = self._serving_knowledge()
        source, published_by, created, _ = self._fleet.serving_source()
        status = KnowledgeStatus(
            ok=ok,
            version=knowledge.version,
            entries=len(knowledge.entries),
            matcher="semantic" if self._semantic_loaded.is_set() else "lexical",
            folder=str(knowledge.root),
            problems=tuple(problems),
            stamp=time.time(),
            source=source.value,
            published_by=published_by,
            created=created,
        )
        self._status_pub.publish(String(data=status.to_json()))
        if ok:
            catalogue = speech_catalogue(knowledge, asr_prompt(knowledge))
            self._speech_pub.publish(String(data=catalogue.to_json()))

    def _on_turnlog_problem(self, problem: str) -> None:
        self.get_logger().warning(f"turn log: {problem} (replies go on; the log retries)")

    def _publish_diagnostics(self) -> None:
        """Health for monitoring: which knowledge serves, and whether the turn log is being written."""
        watch_problem = self._watcher.keep_alive() if self._watcher is not None else ""
        if watch_problem:
            self.get_logger().warning(watch_problem)
        serving = self._serving_knowledge()
        version = serving.version
        knowledge = _status("dialogue_node: knowledge", self._last_refusal, f"serving {version}")
        knowledge.values = [
            KeyValue(key="version", value=version),
            KeyValue(key="folder", value=str(serving.root)),
            KeyValue(key="source", value=self._fleet.serving_source()[0].value),
        ]
        statuses = [knowledge]
        if self._turnlog is not None:
            problems = self._turnlog.problems()
            turnlog = _status("dialogue_node: turn log", problems[-1] if problems else "", "writing")
            turnlog.values = [
                KeyValue(key="written", value=str(self._turnlog.written)),
                KeyValue(key="dropped", value=str(self._turnlog.dropped)),
            ]
            statuses.append(turnlog)
        malformed = (self._malformed_utterances, self._malformed_events)
        statuses.append(malformed_status("dialogue_node: guest messages", malformed))
        self._diagnostics_level = max(int.from_bytes(s.level, "little") for s in statuses)
        array = DiagnosticArray(status=statuses)
        array.header.stamp = self.get_clock().now().to_msg()
        self._diagnostics_pub.publish(array)

    # --- parameters --------------------------------------------------------------------------------
    def _on_set_parameters(self, params: list[Any]) -> SetParametersResult:
        for param in params:
            if param.name == "clock":
                text = str(param.value or "")
                try:
                    if text:
                        self._guide_clock.set(parse_clock(text))
                    else:
                        self._guide_clock.reset()
                except ValueError as exc:
                    return SetParametersResult(successful=False, reason=str(exc))
        return SetParametersResult(successful=True)

    def close(self) -> None:
        self._fleet.close()
        if self._watcher is not None:
            self._watcher.stop()
        if self._turnlog is not None:
            self._turnlog.close()


def _status(name: str, problem: str, fine: str) -> DiagnosticStatus:
    level = DiagnosticStatus.WARN if problem else DiagnosticStatus.OK
    return DiagnosticStatus(level=level, name=name, message=problem or fine, hardware_id="robot_guide")


# How the launcher makes this node, in a process of its own or sharing one (robot_guide.ros.shared_process).
RECIPE = NodeRecipe(DialogueNode, threads=4)


def main(args: list[str] | None = None) -> int:
    return run_node(RECIPE.make, args, RECIPE.threads)
