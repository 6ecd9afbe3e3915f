#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs the test dependencies, then runs pytest.
#   bash scripts/test.sh            (extra arguments go to pytest, e.g. -k view)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

# System packages: Debian's Chromium for the browser tests (no browser download at run time)
# and a Java runtime for the OWL reasoner (HermiT, shipped by owlready2).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=none; fi
  if [ "$SUDO" = none ]; then
    echo "scripts/test.sh: please install ${missing[*]} (apt-get install ${missing[*]})" >&2
  else
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

"$PYTHON" -m pip install -q --disable-pip-version-check -e '.[test]'
"$PYTHON" -m pytest "$@"
