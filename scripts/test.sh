#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs the test dependencies, then runs pytest.
#   bash scripts/test.sh            (extra arguments go to pytest, e.g. -k view)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

# The browser tests drive Debian's Chromium (no browser download at run time).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: install Chromium (apt-get install chromium) for the browser tests" >&2
  fi
fi

"$PYTHON" -m pip install -q --disable-pip-version-check -e '.[test]'
"$PYTHON" -m pytest "$@"
