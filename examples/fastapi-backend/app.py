"""Evo-TODO Task API: a small FastAPI backend for tasks-tck's contract (contracts/task-api.yaml).

Written the way the specification's backend teams write it (FastAPI, HTTPBearer, pydantic models,
PyJWT), without the bugs of the specification's sketch: python-jose cannot verify EdDSA, and
``lru_cache`` on an ``async def`` caches a coroutine that can only be awaited once. Here PyJWT
verifies the token and the JWKS is cached by a small thread-safe class with a real cooldown.

Runs on Debian bookworm's packages (fastapi 0.92, pydantic 1.10, uvicorn 0.17, PyJWT 2.6,
cryptography 38). Configuration comes from the environment, read once at import:

  JWKS_URL                 the issuer's JWKS, e.g. http://127.0.0.1:3000/api/auth/jwks
  BETTER_AUTH_SECRET       without JWKS_URL: shared-secret mode, HS256 tokens signed with it
  JWT_ISSUER               expected ``iss`` (checked when set)
  JWT_AUDIENCE             accepted ``aud`` values, comma-separated (checked when set)
  JWT_ALGORITHMS           pinned algorithms, comma-separated (default EdDSA; HS256 in secret mode)
  JWT_CLOCK_TOLERANCE_SECONDS  leeway for exp/nbf/iat (default 5)
  JWKS_COOLDOWN_SECONDS    minimum time between two JWKS fetches caused by unknown kids (default 1: a longer
                           cooldown lets one made-up kid delay a key rotation that long)
  JWKS_CACHE_MAX_AGE_SECONDS   age after which the cached JWKS is refetched (default 600)
  JWKS_TIMEOUT_SECONDS     timeout of one JWKS fetch (default 5)
  CORS_ORIGINS             allowed origins, comma-separated (default http://localhost:3000)
  API_PREFIX               where the task routes live (default /api; e.g. /v1)
  DATABASE_URL             optional: keep tasks in PostgreSQL (postgresql://user:pass@host:5432/db; SQLAlchemy 1.4
                           Core + psycopg2, Debian's python3-sqlalchemy and python3-psycopg2); unset: in memory
  DB_SCHEMA                with DATABASE_URL: the schema of the tasks table (created when missing; default public)

Run: python3 -m uvicorn app:app --app-dir examples/fastapi-backend --host 127.0.0.1 --port 8001
"""

import dataclasses
import json
import logging
import os
import re
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional, Tuple

import jwt
from fastapi import Depends, FastAPI, HTTPException, Path, Request, Response, status
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRouter
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, StrictBool, constr, validator

log = logging.getLogger("tasks_api")
if not log.handlers:  # uvicorn configures only its own loggers: give ours a line format too
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)

# --------------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------------

ASYMMETRIC_ALGORITHMS = {"EdDSA", "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
HMAC_ALGORITHMS = {"HS256", "HS384", "HS512"}


def _csv(value: Optional[str]) -> List[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


@dataclass(frozen=True)
class Settings:
    jwks_url: Optional[str]
    secret: Optional[str]
    issuer: Optional[str]
    audience: List[str]
    algorithms: List[str]
    leeway: float
    jwks_cooldown: float
    jwks_max_age: float
    jwks_timeout: float
    cors_origins: List[str]
    api_prefix: str
    database_url: Optional[str] = None  # None: the in-memory store
    db_schema: Optional[str] = None

    @classmethod
    def from_env(cls, env: Optional[Dict[str, str]] = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        problems: List[str] = []
        jwks_url = env.get("JWKS_URL") or None
        secret = env.get("BETTER_AUTH_SECRET") or None
        if jwks_url:
            secret = None  # JWKS mode wins: the shared secret is never a verification key then
            if not re.match(r"^https?://", jwks_url):
                problems.append("JWKS_URL must be an http(s) URL")
        elif not secret:
            problems.append("set JWKS_URL (Better Auth JWKS) or BETTER_AUTH_SECRET (shared-secret HS256 mode)")
        algorithms = _csv(env.get("JWT_ALGORITHMS")) or (["HS256"] if secret else ["EdDSA"])
        allowed = HMAC_ALGORITHMS if secret else ASYMMETRIC_ALGORITHMS
        for alg in algorithms:
            if alg not in allowed:
                mode = "shared-secret" if secret else "JWKS"
                problems.append(f"JWT_ALGORITHMS: {alg!r} is not allowed in {mode} mode (allowed: {', '.join(sorted(allowed))})")
        origins = _csv(env.get("CORS_ORIGINS", "http://localhost:3000"))
        if "*" in origins:
            problems.append('CORS_ORIGINS must list origins: "*" cannot be combined with credentials')
        prefix = (env.get("API_PREFIX", "/api") or "").rstrip("/")
        if prefix and not prefix.startswith("/"):
            problems.append("API_PREFIX must start with /")

        database_url = env.get("DATABASE_URL") or None
        if database_url:
            # SQLAlchemy 1.4 wants postgresql://; libpq and most platforms hand out postgres://.
            database_url = re.sub(r"^postgres(ql)?(\+psycopg2)?://", "postgresql+psycopg2://", database_url)
            if not database_url.startswith("postgresql+psycopg2://"):
                problems.append("DATABASE_URL must be a postgres:// or postgresql:// URL")
        db_schema = env.get("DB_SCHEMA") or None
        if db_schema and not re.match(r"^[a-z_][a-z0-9_]{0,62}$", db_schema):
            problems.append("DB_SCHEMA must be a lower-case SQL identifier (letters, digits, _)")

        def number(name: str, default: float) -> float:
            try:
                value = float(env.get(name, default))
            except ValueError:
                problems.append(f"{name} must be a number")
                return default
            if value < 0:
                problems.append(f"{name} must not be negative")
            return value

        settings = cls(
            jwks_url=jwks_url,
            secret=secret,
            issuer=env.get("JWT_ISSUER") or None,
            audience=_csv(env.get("JWT_AUDIENCE")),
            algorithms=algorithms,
            leeway=number("JWT_CLOCK_TOLERANCE_SECONDS", 5),
            jwks_cooldown=number("JWKS_COOLDOWN_SECONDS", 1),
            jwks_max_age=number("JWKS_CACHE_MAX_AGE_SECONDS", 600),
            jwks_timeout=number("JWKS_TIMEOUT_SECONDS", 5),
            cors_origins=origins,
            api_prefix=prefix,
            database_url=database_url,
            db_schema=db_schema,
        )
        if problems:
            raise RuntimeError("Invalid configuration:\n  " + "\n  ".join(problems))
        return settings


# --------------------------------------------------------------------------------------------
# Token verification (PyJWT)
# --------------------------------------------------------------------------------------------


class TokenExpired(Exception):
    """The token verified but its exp has passed."""


class TokenInvalid(Exception):
    """Any other reason the token cannot be trusted; the message is for the log only."""


def _jwk_algorithm(jwk: Dict[str, Any]) -> Optional[str]:
    """The JWS algorithm a JWK is for: its ``alg``, or what its key type implies."""
    if isinstance(jwk.get("alg"), str):
        return jwk["alg"]
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "OKP" and crv == "Ed25519":
        return "EdDSA"
    if kty == "EC":
        return {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}.get(crv)
    if kty == "RSA":
        return "RS256"
    return None


class JwksCache:
    """The issuer's public keys, fetched once and kept in process.

    An unknown ``kid`` (key rotation) triggers a refetch, but at most one per ``cooldown`` seconds
    since the last successful fetch, so a flood of tokens with made-up kids is not a flood of JWKS
    requests. The cached set is also refetched once it is older than ``max_age``. Fetches happen
    under a lock (concurrent requests wait for one fetch instead of starting their own) and are
    synchronous: FastAPI runs the dependency that calls this in its thread pool.
    """

    RETRY_AFTER_FAILURE = 1.0  # seconds between two attempts while the JWKS is unreachable

    def __init__(self, url: str, algorithms: List[str], cooldown: float, max_age: float, timeout: float):
        self.url = url
        self.algorithms = set(algorithms)
        self.cooldown = cooldown
        self.max_age = max_age
        self.timeout = timeout
        self._lock = threading.Lock()
        self._keys: Optional[List[Tuple[Optional[str], str, Any]]] = None  # (kid, alg, public key)
        self._fetched_at = float("-inf")
        self._failed_at = float("-inf")

    def _fetch(self) -> None:
        now = time.monotonic()
        if now - self._failed_at < self.RETRY_AFTER_FAILURE:
            return
        try:
            request = urllib.request.Request(self.url, headers={"Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                document = json.loads(response.read(1024 * 1024))
            keys = []
            for data in document.get("keys", []):
                alg = _jwk_algorithm(data) if isinstance(data, dict) else None
                if alg not in self.algorithms or data.get("use", "sig") != "sig":
                    continue  # only keys for the pinned algorithms are ever used
                try:
                    keys.append((data.get("kid"), alg, jwt.PyJWK(data, algorithm=alg).key))
                except Exception:  # an unusable key is skipped, not fatal
                    log.warning("jwks: skipped an unusable key (kid=%s)", data.get("kid"))
        except Exception as error:  # unreachable, timeout, not JSON: keep what we had
            self._failed_at = time.monotonic()
            log.warning("jwks: fetch failed (%s)", type(error).__name__)
            return
        self._keys = keys
        self._fetched_at = time.monotonic()
        log.info("jwks: fetched %d usable key(s)", len(keys))

    def keys_for(self, kid: Optional[str], alg: str) -> List[Any]:
        """Public keys that may have signed a token with this header (all of them when no kid)."""

        def matching() -> List[Any]:
            return [key for (k, a, key) in (self._keys or []) if a == alg and (kid is None or k == kid)]

        with self._lock:
            age = time.monotonic() - self._fetched_at
            if self._keys is None or age >= self.max_age:
                self._fetch()
            found = matching()
            if not found and time.monotonic() - self._fetched_at >= self.cooldown:
                self._fetch()
                found = matching()
            return found


_SEGMENT = re.compile(r"^[A-Za-z0-9_-]+$")


class TokenVerifier:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.jwks = (
            JwksCache(settings.jwks_url, settings.algorithms, settings.jwks_cooldown, settings.jwks_max_age, settings.jwks_timeout)
            if settings.jwks_url
            else None
        )

    def verify(self, token: str) -> str:
        """Verifies the token and returns its ``sub``; raises TokenExpired or TokenInvalid."""
        segments = token.split(".")
        # A JWS compact serialization has exactly three base64url parts (the signature may not be
        # empty: alg "none" is never accepted). PyJWT's base64 decoding is lenient, so check first.
        if len(segments) != 3 or not all(_SEGMENT.match(s) for s in segments):
            raise TokenInvalid("malformed")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise TokenInvalid("malformed header") from error
        alg = header.get("alg")
        if alg not in self.settings.algorithms:
            raise TokenInvalid("algorithm not allowed")  # refused before any key lookup
        if self.jwks is None:
            keys: List[Any] = [self.settings.secret.encode("utf-8")]
        else:
            kid = header.get("kid")
            if kid is not None and not isinstance(kid, str):
                raise TokenInvalid("bad kid")
            # Only the JWKS is trusted: jwk, jku and x5u headers are never used to find a key.
            keys = self.jwks.keys_for(kid, alg)
            if not keys:
                raise TokenInvalid("no key for this kid")
        s = self.settings
        last_error: Exception = TokenInvalid("no key")
        for key in keys:
            try:
                claims = jwt.decode(
                    token,
                    key,
                    algorithms=[alg],  # already checked against the pinned list
                    issuer=s.issuer,
                    audience=s.audience or None,
                    leeway=s.leeway,
                    options={"require": ["exp", "sub"], "verify_aud": bool(s.audience)},
                )
            except jwt.InvalidSignatureError as error:
                last_error = error
                continue  # another key (same kid missing) may have signed it
            except jwt.ExpiredSignatureError as error:  # raised only after the signature verified
                raise TokenExpired() from error
            except Exception as error:  # any other PyJWT error, or a claim of a silly type
                raise TokenInvalid(type(error).__name__) from error
            sub = claims.get("sub")
            if not isinstance(sub, str) or not 1 <= len(sub) <= 255:
                raise TokenInvalid("bad sub")
            return sub
        raise TokenInvalid(type(last_error).__name__)


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------

NO_NUL = r"^[^\x00]*$"  # as in the contract: U+0000 is refused (422), never stored
Title = constr(strict=True, min_length=1, max_length=255, regex=NO_NUL)
Description = constr(strict=True, max_length=2000, regex=NO_NUL)


def iso_utc(value: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and a Z, like the reference server."""
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


class TaskCreate(BaseModel):
    # Unknown fields (user_id, id, timestamps, ...) are ignored: pydantic's default.
    title: Title
    description: Optional[Description] = Field(None, nullable=True)


class TaskUpdate(BaseModel):
    """Every field optional; only the fields sent change. ``description: null`` clears it."""

    title: Optional[Title] = None
    description: Optional[Description] = Field(None, nullable=True)
    completed: Optional[StrictBool] = None

    @validator("title", "completed", pre=True)
    def not_null(cls, value: Any) -> Any:  # noqa: N805 (pydantic validators are class methods)
        if value is None:
            raise ValueError("may be omitted but not null")
        return value


class ApiModel(BaseModel):
    class Config:
        # FastAPI encodes a response with the outer model's encoders, nested models included.
        json_encoders = {datetime: iso_utc}


class Task(ApiModel):
    id: uuid.UUID
    user_id: str
    title: str
    description: Optional[str] = Field(..., nullable=True)
    completed: bool
    created_at: datetime
    updated_at: datetime


class TaskList(ApiModel):
    data: List[Task]
    count: int


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: str


class ErrorDetail(BaseModel):
    detail: str


# --------------------------------------------------------------------------------------------
# Storage: an in-process dict behind a lock (default), or PostgreSQL when DATABASE_URL is set
# --------------------------------------------------------------------------------------------


@dataclass
class TaskRecord:
    id: uuid.UUID
    user_id: str
    title: str
    description: Optional[str]
    completed: bool
    created_at: datetime
    updated_at: datetime
    seq: int  # creation order, breaks created_at ties for "newest first"

    def to_model(self) -> Task:
        fields = dataclasses.asdict(self)
        del fields["seq"]
        return Task(**fields)


def _now() -> datetime:
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class TaskStore:
    """Every method is scoped by user id: another user's task is simply not found."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tasks: Dict[uuid.UUID, TaskRecord] = {}
        self._seq = 0

    def list(self, user_id: str) -> List[Task]:
        with self._lock:
            mine = [t for t in self._tasks.values() if t.user_id == user_id]
            mine.sort(key=lambda t: (t.created_at, t.seq), reverse=True)
            return [t.to_model() for t in mine]

    def create(self, user_id: str, title: str, description: Optional[str]) -> Task:
        with self._lock:
            self._seq += 1
            now = _now()
            record = TaskRecord(uuid.uuid4(), user_id, title, description, False, now, now, self._seq)
            self._tasks[record.id] = record
            return record.to_model()

    def _find(self, user_id: str, task_id: uuid.UUID) -> Optional[TaskRecord]:
        record = self._tasks.get(task_id)
        return record if record is not None and record.user_id == user_id else None

    def get(self, user_id: str, task_id: uuid.UUID) -> Optional[Task]:
        with self._lock:
            record = self._find(user_id, task_id)
            return record.to_model() if record else None

    def update(self, user_id: str, task_id: uuid.UUID, changes: Dict[str, Any]) -> Optional[Task]:
        with self._lock:
            record = self._find(user_id, task_id)
            if record is None:
                return None
            for name in ("title", "description", "completed"):
                if name in changes:
                    setattr(record, name, changes[name])
            return self._touch(record)

    def toggle(self, user_id: str, task_id: uuid.UUID) -> Optional[Task]:
        with self._lock:  # read and flip under one lock: no lost toggles
            record = self._find(user_id, task_id)
            if record is None:
                return None
            record.completed = not record.completed
            return self._touch(record)

    @staticmethod
    def _touch(record: TaskRecord) -> Task:
        # updated_at moves forward on every change, even for two changes within one millisecond.
        record.updated_at = max(_now(), record.updated_at + timedelta(milliseconds=1))
        return record.to_model()

    def delete(self, user_id: str, task_id: uuid.UUID) -> bool:
        with self._lock:
            if self._find(user_id, task_id) is None:
                return False
            del self._tasks[task_id]
            return True


class SqlTaskStore:
    """The same store in PostgreSQL (``DATABASE_URL``), with SQLAlchemy 1.4 Core and psycopg2.

    Every statement is scoped by user id, as in :class:`TaskStore`. An update or a toggle is one
    ``UPDATE … RETURNING`` (the row lock makes concurrent toggles queue: none is lost), and
    ``updated_at`` moves forward by at least a millisecond in the same statement. The table (and the
    schema given by ``DB_SCHEMA``) is created at start-up when missing. SQLAlchemy is imported here,
    so the in-memory default needs neither package.
    """

    def __init__(self, url: str, schema: Optional[str] = None) -> None:
        import sqlalchemy as sa
        from sqlalchemy.dialects.postgresql import UUID

        self._sa = sa
        self.engine = sa.create_engine(url, pool_size=10, pool_pre_ping=True, future=True)
        metadata = sa.MetaData(schema=schema)
        self.tasks = sa.Table(
            "tasks",
            metadata,
            sa.Column("id", UUID(as_uuid=True), primary_key=True),
            sa.Column("user_id", sa.String(255), nullable=False, index=True),
            sa.Column("title", sa.String(255), nullable=False),
            sa.Column("description", sa.Text, nullable=True),
            sa.Column("completed", sa.Boolean, nullable=False, server_default=sa.false()),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            # creation order, breaks created_at ties for "newest first"
            sa.Column("seq", sa.BigInteger, sa.Identity(), nullable=False),
        )
        with self.engine.begin() as conn:
            if schema:
                conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            metadata.create_all(conn)

    @staticmethod
    def _model(row: Any) -> Task:
        fields = dict(row._mapping)
        del fields["seq"]
        return Task(**fields)

    def ready(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(self._sa.text("SELECT 1"))
            return True
        except Exception as error:  # the URL (and its password) is never logged
            log.warning("database: not ready (%s)", type(error).__name__)
            return False

    def _mine(self, user_id: str, task_id: Optional[uuid.UUID] = None) -> Any:
        t = self.tasks
        condition = t.c.user_id == user_id
        return condition if task_id is None else self._sa.and_(condition, t.c.id == task_id)

    def list(self, user_id: str) -> List[Task]:
        t = self.tasks
        query = t.select().where(self._mine(user_id)).order_by(t.c.created_at.desc(), t.c.seq.desc())
        with self.engine.connect() as conn:
            return [self._model(row) for row in conn.execute(query)]

    def create(self, user_id: str, title: str, description: Optional[str]) -> Task:
        now = _now()
        values = dict(id=uuid.uuid4(), user_id=user_id, title=title, description=description, completed=False, created_at=now, updated_at=now)
        with self.engine.begin() as conn:
            return self._model(conn.execute(self.tasks.insert().values(**values).returning(*self.tasks.c)).one())

    def get(self, user_id: str, task_id: uuid.UUID) -> Optional[Task]:
        with self.engine.connect() as conn:
            row = conn.execute(self.tasks.select().where(self._mine(user_id, task_id))).first()
        return self._model(row) if row else None

    def _update(self, user_id: str, task_id: uuid.UUID, values: Dict[str, Any]) -> Optional[Task]:
        t, sa = self.tasks, self._sa
        # updated_at moves forward on every change, even for two changes within one millisecond.
        later = sa.func.greatest(sa.literal(_now(), sa.DateTime(timezone=True)), t.c.updated_at + sa.text("interval '1 millisecond'"))
        statement = t.update().where(self._mine(user_id, task_id)).values(**values, updated_at=later).returning(*t.c)
        with self.engine.begin() as conn:
            row = conn.execute(statement).first()
        return self._model(row) if row else None

    def update(self, user_id: str, task_id: uuid.UUID, changes: Dict[str, Any]) -> Optional[Task]:
        return self._update(user_id, task_id, {n: changes[n] for n in ("title", "description", "completed") if n in changes})

    def toggle(self, user_id: str, task_id: uuid.UUID) -> Optional[Task]:
        return self._update(user_id, task_id, {"completed": self._sa.not_(self.tasks.c.completed)})

    def delete(self, user_id: str, task_id: uuid.UUID) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(self.tasks.delete().where(self._mine(user_id, task_id))).rowcount > 0


# --------------------------------------------------------------------------------------------
# The application
# --------------------------------------------------------------------------------------------

BEARER_CHALLENGE = {"WWW-Authenticate": "Bearer"}
NOT_AUTHENTICATED = "Not authenticated"
INVALID_CREDENTIALS = "Could not validate credentials"
TOKEN_EXPIRED = "Token has expired"
FORBIDDEN = "Not authorized to access this user's tasks"
NOT_FOUND = "Task not found"

ERRORS = {
    401: {"model": ErrorDetail, "description": "Missing, malformed, expired or otherwise invalid token."},
    403: {"model": ErrorDetail, "description": "Valid token, but the path user_id is not the token's sub."},
}
ERRORS_404 = {**ERRORS, 404: {"model": ErrorDetail, "description": "No such task for this user."}}


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    settings = settings or Settings.from_env()
    verifier = TokenVerifier(settings)
    store: Any = SqlTaskStore(settings.database_url, settings.db_schema) if settings.database_url else TaskStore()
    bearer = HTTPBearer(auto_error=False, scheme_name="bearerAuth", bearerFormat="JWT")

    def authenticate(credentials: Optional[HTTPAuthorizationCredentials], path: str) -> str:
        """401 unless the bearer token verifies; returns the token's sub. Never logs the token."""
        if credentials is None or not credentials.credentials.strip():
            log.info("auth_denied status=401 reason=token_missing path=%s", path)
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, NOT_AUTHENTICATED, headers=BEARER_CHALLENGE)
        try:
            return verifier.verify(credentials.credentials.strip())
        except TokenExpired:
            log.info("auth_denied status=401 reason=token_expired path=%s", path)
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, TOKEN_EXPIRED, headers=BEARER_CHALLENGE) from None
        except TokenInvalid as error:
            log.info("auth_denied status=401 reason=%s path=%s", error, path)
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, INVALID_CREDENTIALS, headers=BEARER_CHALLENGE) from None

    def authorize(path_user_id: Optional[str], token_user_id: str, path: str) -> None:
        if path_user_id != token_user_id:
            log.info("auth_denied status=403 reason=user_mismatch path=%s", path)
            raise HTTPException(status.HTTP_403_FORBIDDEN, FORBIDDEN)

    # Sync dependencies: FastAPI runs them in its thread pool, so a JWKS fetch never blocks the loop.
    def current_user_id(request: Request, credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> str:
        return authenticate(credentials, request.url.path)

    def path_user_id(
        request: Request,
        user_id: str = Path(..., min_length=1, max_length=255, description="The user id; must equal the token's sub."),
        token_user_id: str = Depends(current_user_id),
    ) -> str:
        authorize(user_id, token_user_id, request.url.path)
        return user_id

    app = FastAPI(
        title="Evo-TODO Task API",
        version="1.0.0",
        description="JWT-protected task API (tasks-tck FastAPI example backend).",
    )
    app.state.settings = settings
    app.state.store = store

    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "DELETE", "PATCH"],
        allow_headers=["Authorization", "Content-Type"],
    )

    @app.exception_handler(RequestValidationError)
    async def validation_failed(request: Request, exc: RequestValidationError) -> Response:
        # FastAPI parses a JSON body before it runs dependencies, and reports an invalid path
        # parameter of a dependency as a 422, so a broken body or a 300-character user_id would
        # answer 422 to a caller without a token. The contract's order is 401, 403, then 422:
        # apply the auth rules first on task routes.
        if "user_id" in request.path_params:
            from starlette.concurrency import run_in_threadpool

            try:
                sub = await run_in_threadpool(authenticate, await bearer(request), request.url.path)
                authorize(request.path_params.get("user_id"), sub, request.url.path)
            except HTTPException as denied:
                return await http_exception_handler(request, denied)
        return await request_validation_exception_handler(request, exc)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "Internal server error"}, status_code=500)

    @app.get("/health", response_model=Health, tags=["health"], operation_id="getHealth", summary="Liveness probe")
    def health() -> Dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", response_model=Readiness, tags=["health"], operation_id="getReadiness", summary="Readiness probe")
    def ready() -> Any:
        if isinstance(store, TaskStore) or store.ready():  # the in-memory store is ready while alive
            return {"status": "ok", "database": "ok"}
        return JSONResponse({"status": "unavailable", "database": "unavailable"}, status_code=503)

    tasks = APIRouter(prefix=settings.api_prefix + "/{user_id}/tasks", tags=["tasks"])

    @tasks.get("", response_model=TaskList, responses=ERRORS, operation_id="listTasks", summary="List the user's tasks, newest first")
    def list_tasks(user_id: str = Depends(path_user_id)) -> TaskList:
        data = store.list(user_id)
        return TaskList(data=data, count=len(data))

    @tasks.post("", response_model=Task, status_code=status.HTTP_201_CREATED, responses=ERRORS, operation_id="createTask", summary="Create a task")
    def create_task(task: TaskCreate, user_id: str = Depends(path_user_id)) -> Task:
        return store.create(user_id, task.title, task.description)

    @tasks.get("/{task_id}", response_model=Task, responses=ERRORS_404, operation_id="getTask", summary="Get one task")
    def get_task(task_id: uuid.UUID, user_id: str = Depends(path_user_id)) -> Task:
        return store.get(user_id, task_id) or not_found()

    @tasks.put("/{task_id}", response_model=Task, responses=ERRORS_404, operation_id="updateTask", summary="Update a task")
    def update_task(task_id: uuid.UUID, changes: TaskUpdate, user_id: str = Depends(path_user_id)) -> Task:
        return store.update(user_id, task_id, changes.dict(exclude_unset=True)) or not_found()

    @tasks.delete(
        "/{task_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response, responses=ERRORS_404,
        operation_id="deleteTask", summary="Delete a task",
    )
    def delete_task(task_id: uuid.UUID, user_id: str = Depends(path_user_id)) -> Response:
        if not store.delete(user_id, task_id):
            not_found()
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @tasks.patch("/{task_id}/complete", response_model=Task, responses=ERRORS_404, operation_id="toggleTaskCompletion", summary="Toggle a task's completed flag")
    def toggle_task_completion(task_id: uuid.UUID, user_id: str = Depends(path_user_id)) -> Task:
        return store.toggle(user_id, task_id) or not_found()

    app.include_router(tasks)
    return app


def not_found() -> Any:
    raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)


app = create_app()
