#!/bin/sh
# Installs the Python backends' dependencies of the corpus from Debian packages (bookworm: fastapi
# 0.92, uvicorn 0.17, pydantic 1.10, PyJWT 2.6, python-jose 3.3, SQLAlchemy 1.4, psycopg2 2.9,
# cryptography 38). Idempotent: does nothing when they import already. The Node backends need only
# the repo's node_modules (jose, fastify, @fastify/cors, tsx).
set -eu

PYTHON="${PYTHON:-/usr/bin/python3}"
CHECK='import fastapi, uvicorn, jwt, jose, sqlalchemy, psycopg2, cryptography'

if "$PYTHON" -c "$CHECK" 2>/dev/null; then
  "$PYTHON" -c 'import fastapi, jwt, jose, sqlalchemy, psycopg2; print("fastapi", fastapi.__version__, "| PyJWT", jwt.__version__, "| python-jose", jose.__version__, "| SQLAlchemy", sqlalchemy.__version__, "| psycopg2", psycopg2.__version__.split()[0])'
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  python3-fastapi python3-uvicorn python3-jwt python3-jose python3-sqlalchemy python3-psycopg2 python3-cryptography
"$PYTHON" -c "$CHECK"
