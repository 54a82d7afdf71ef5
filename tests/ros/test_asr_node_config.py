"""asr_node's configuration as an operator sees it: `ros2 param describe` texts, a missing engine extra."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from rcl_interfaces.srv import DescribeParameters
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from rclpy.parameter import Parameter
from ros_probe import Probe, wait_for

from robot_guide.ros.asr_node import AsrNode
from robot_guide.speech.listen.config import listener_parameters

pytestmark = pytest.mark.ros


@pytest.fixture
def asr_node(ros_context: tuple[Context, MultiThreadedExecutor]) -> Iterator[AsrNode]:
    context, executor = ros_context
    node = AsrNode(context=context, parameter_overrides=[Parameter("audio_source", value="topic")])
    executor.add_node(node)
    yield node
    executor.remove_node(node)
    node.close()
    node.destroy_node()


def test_every_listener_parameter_is_described_by_its_meaning(asr_node: AsrNode, probe: Probe) -> None:
    """What `ros2 param describe /asr_node <name>` prints: asked through the node's own service."""
    client = probe.create_client(DescribeParameters, "/asr_node/describe_parameters")
    assert client.wait_for_service(timeout_sec=10.0)
    expected = {parameter.name: parameter.doc for parameter in listener_parameters()}
    future = client.call_async(DescribeParameters.Request(names=list(expected)))
    response = wait_for(future.result)
    described = {descriptor.name: descriptor.description for descriptor in response.descriptors}
    assert described == expected
    for name, description in described.items():
        assert len(description.split()) >= 6 and "listener setting" not in description, name
    assert "silence" in described["end_silence_s"] and "interrupt" in described["barge_in_dbfs"]
    assert asr_node.get_parameter("end_silence_s").value == 0.35


def test_a_missing_openai_whisper_extra_is_one_error_line_and_a_failed_start(tmp_path: object) -> None:
    # `import whisper` fails as it does without the extra; the node must say so in one line, not a traceback.
    code = (
        "import sys\n"
        "sys.modules['whisper'] = None\n"
        "from robot_guide.ros.asr_node import main\n"
        "args = ['--ros-args', '-p', 'backend:=openai-whisper', '-p', 'audio_source:=topic']\n"
        "sys.exit(main(['asr_node', *args]))\n"
    )
    env = dict(os.environ)  # the run's private domain (conftest)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert errors == [errors[0]] and errors[0].startswith("error: speech recogniser:"), done.stderr
    assert "openai-whisper backend is not installed" in errors[0]
    assert "pip install 'robot_guide[openai-whisper]'" in errors[0]
