#!/bin/sh
# Installs the FastAPI example backend's dependencies from Debian packages (bookworm: fastapi 0.92,
# uvicorn 0.17, PyJWT 2.6, cryptography 38). Idempotent: does nothing when they import already.
# PYTHON selects the interpreter to check (default /usr/bin/python3, the one apt installs into;
# a pyenv or venv python3 on PATH would not see these packages).
set -eu

PYTHON="${PYTHON:-/usr/bin/python3}"
CHECK='import fastapi, uvicorn, jwt, cryptography'
VERSIONS='import fastapi, uvicorn, jwt, cryptography; print("fastapi", fastapi.__version__, "| uvicorn", uvicorn.__version__, "| PyJWT", jwt.__version__, "| cryptography", cryptography.__version__)'

if "$PYTHON" -c "$CHECK" 2>/dev/null; then
  "$PYTHON" -c "$VERSIONS"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  python3-fastapi python3-uvicorn python3-jwt python3-cryptography
"$PYTHON" -c "$VERSIONS"
