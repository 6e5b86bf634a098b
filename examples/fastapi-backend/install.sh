#!/bin/sh
# Installs the FastAPI example backend's dependencies from Debian packages (bookworm: fastapi 0.92,
# uvicorn 0.17, PyJWT 2.6, cryptography 38; for the optional PostgreSQL store (DATABASE_URL):
# SQLAlchemy 1.4 and psycopg2 2.9). Idempotent: does nothing when they import already.
# PYTHON selects the interpreter to check (default /usr/bin/python3, the one apt installs into;
# a pyenv or venv python3 on PATH would not see these packages). With pip instead:
# pip install -r examples/ci/requirements.txt (the same versions).
set -eu

PYTHON="${PYTHON:-/usr/bin/python3}"
CHECK='import fastapi, uvicorn, jwt, cryptography, sqlalchemy, psycopg2'
VERSIONS='import fastapi, uvicorn, jwt, cryptography, sqlalchemy, psycopg2; print("fastapi", fastapi.__version__, "| uvicorn", uvicorn.__version__, "| PyJWT", jwt.__version__, "| cryptography", cryptography.__version__, "| SQLAlchemy", sqlalchemy.__version__, "| psycopg2", psycopg2.__version__.split()[0])'

if "$PYTHON" -c "$CHECK" 2>/dev/null; then
  "$PYTHON" -c "$VERSIONS"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  python3-fastapi python3-uvicorn python3-jwt python3-cryptography python3-sqlalchemy python3-psycopg2
"$PYTHON" -c "$VERSIONS"
