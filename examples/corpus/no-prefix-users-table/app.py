"""Tasks API without the /api prefix, with its own users table: FastAPI + PyJWT (JWKS) + SQLite.

A corpus backend (see examples/corpus/README.md) in the shape of services that grew a little:

- routes at ``/{user_id}/tasks`` (the frontend's proxy adds ``/api``): check with ``--base-path /``;
- a ``users`` table, seeded from ``USERS=alice_id,bob_id``, and ``tasks.user_id`` a foreign key to it
  (SQLite with ``PRAGMA foreign_keys=ON``): tasks of users the service does not know are a 404
  ``USER_NOT_FOUND``, so check with ``--users alice_id,bob_id``;
- authentication and the ownership rule in one HTTP middleware (before routing and body parsing);
- its own error envelope ``{"error": {"code": "...", "message": "...", "details": [...]}}``.

Faithful by default. ``DEFECTS=a,b`` switches on:

  delete-oracle       DELETE looks the id up unscoped (404 if missing) but deletes scoped: another
                      user's task answers 204 (nothing deleted), a never-existing id 404
  list-all-users      the list query forgot its WHERE user_id
  frozen-updated-at   updated_at has a default but is never touched on update or toggle

Environment: JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, USERS, CORS_ORIGINS, DATABASE_URL (default: a SQLite
file in a new temp dir), DEFECTS.
Run: python3 -m uvicorn app:app --app-dir examples/corpus/no-prefix-users-table --port 8003
"""

import os
import re
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from typing import Optional

import jwt
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, validator
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, String, Text, create_engine, event
from sqlalchemy.orm import declarative_base, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

KNOWN_DEFECTS = {"delete-oracle", "list-all-users", "frozen-updated-at"}
DEFECTS = {d.strip() for d in os.environ.get("DEFECTS", "").split(",") if d.strip()}
if DEFECTS - KNOWN_DEFECTS:
    raise RuntimeError(f"unknown DEFECTS {sorted(DEFECTS - KNOWN_DEFECTS)}; known: {sorted(KNOWN_DEFECTS)}")

JWKS_URL = os.environ["JWKS_URL"]
JWT_ISSUER = os.environ.get("JWT_ISSUER")
JWT_AUDIENCE = os.environ.get("JWT_AUDIENCE")
USERS = [u.strip() for u in os.environ.get("USERS", "").split(",") if u.strip()]
CORS_ORIGINS = os.environ.get("CORS_ORIGINS", "http://localhost:3000").split(",")
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='tasks-')}/tasks.db"

# ---------------------------------------------------------------- database

engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False, "timeout": 15})


@event.listens_for(engine, "connect")
def sqlite_foreign_keys(dbapi_connection, _record):
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


Session = sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)
Base = declarative_base()


def now() -> datetime:
    return datetime.now(timezone.utc)


class User(Base):
    __tablename__ = "users"
    id = Column(String(255), primary_key=True)
    created_at = Column(DateTime, default=now)


class Task(Base):
    __tablename__ = "tasks"
    id = Column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    user_id = Column(String(255), ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    title = Column(String(255), nullable=False)
    description = Column(Text)
    completed = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False, default=now)
    updated_at = Column(DateTime, nullable=False, default=now)

    def to_dict(self) -> dict:
        utc = lambda d: (d if d.tzinfo else d.replace(tzinfo=timezone.utc)).isoformat().replace("+00:00", "Z")  # noqa: E731
        return {
            "id": self.id, "user_id": self.user_id, "title": self.title, "description": self.description,
            "completed": self.completed, "created_at": utc(self.created_at), "updated_at": utc(self.updated_at),
        }


Base.metadata.create_all(engine)
with Session.begin() as s:
    for user_id in USERS:
        s.merge(User(id=user_id))

# ---------------------------------------------------------------- errors: one envelope for everything


def error(status: int, code: str, message: str, details=None, headers=None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, **({"details": details} if details else {})}}
    return JSONResponse(body, status_code=status, headers=headers)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message


# ---------------------------------------------------------------- auth


class Keys:
    """The issuer's public keys by kid; an unknown kid refetches the JWKS at most once a minute."""

    def __init__(self, url: str):
        self.client = jwt.PyJWKClient(url, cache_jwk_set=False)
        self.by_kid = {}
        self.last_fetch = float("-inf")
        self.lock = threading.Lock()

    def get(self, kid):
        with self.lock:
            if kid not in self.by_kid and time.monotonic() - self.last_fetch > 60:
                self.last_fetch = time.monotonic()
                try:
                    self.by_kid = {k.key_id: k.key for k in self.client.get_signing_keys()}
                except Exception:  # unreachable, reset, bad JSON: keep the keys we had
                    pass
            return self.by_kid.get(kid)


keys = Keys(JWKS_URL)
TASKS_PATH = re.compile(r"^/([^/]+)/tasks(/.*)?$")
UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


def authenticate(authorization: str) -> str:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "UNAUTHENTICATED", "Missing bearer token")
    try:
        header = jwt.get_unverified_header(token.strip())
        if header.get("alg") != "EdDSA" or "crit" in header:
            raise jwt.InvalidTokenError("unsupported header")
        key = keys.get(header.get("kid"))
        if key is None:
            raise jwt.InvalidTokenError("unknown key")
        claims = jwt.decode(token.strip(), key, algorithms=["EdDSA"], issuer=JWT_ISSUER, audience=JWT_AUDIENCE,
                            leeway=5, options={"require": ["exp", "sub", "iss", "aud"]})
    except Exception:  # PyJWTError, and OverflowError for absurd exp values
        raise ApiError(401, "INVALID_TOKEN", "Invalid or expired token")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise ApiError(401, "INVALID_TOKEN", "Invalid or expired token")
    return claims["sub"]


# ---------------------------------------------------------------- app

app = FastAPI(title="tasks-service", version="1.4.0")


@app.middleware("http")
async def auth_middleware(request: Request, call_next):
    match = TASKS_PATH.match(request.url.path)
    if match is None or request.method == "OPTIONS":
        return await call_next(request)
    try:
        user = authenticate(request.headers.get("authorization", ""))
    except ApiError as e:
        return error(e.status, e.code, e.message, headers=UNAUTHORIZED)
    if match.group(1) != user:
        return error(403, "FORBIDDEN", "You cannot access another user's tasks")
    request.state.user_id = user
    return await call_next(request)


# Added after the auth middleware, so it wraps it: preflights never reach authentication.
app.add_middleware(
    CORSMiddleware, allow_origins=CORS_ORIGINS, allow_credentials=True,
    allow_methods=["GET", "POST", "PUT", "DELETE", "PATCH"], allow_headers=["Authorization", "Content-Type"],
)


@app.exception_handler(ApiError)
async def api_error(_request: Request, exc: ApiError):
    return error(exc.status, exc.code, exc.message)


@app.exception_handler(RequestValidationError)
async def validation_error(_request: Request, exc: RequestValidationError):
    details = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    return error(422, "VALIDATION_ERROR", "Request validation failed", details)


@app.exception_handler(StarletteHTTPException)
async def http_error(_request: Request, exc: StarletteHTTPException):
    return error(exc.status_code, "HTTP_ERROR", str(exc.detail))


@app.exception_handler(Exception)
async def unexpected(_request: Request, _exc: Exception):
    return error(500, "INTERNAL", "Something went wrong")


class TaskIn(BaseModel):
    title: str = Field(..., min_length=1, max_length=255)
    description: Optional[str] = Field(None, max_length=2000)


class TaskPatch(BaseModel):
    title: Optional[str] = Field(None, min_length=1, max_length=255)
    description: Optional[str] = Field(None, max_length=2000)
    completed: Optional[bool] = None

    @validator("title", "completed", pre=True)
    def not_null(cls, v):  # noqa: N805
        if v is None:
            raise ValueError("may be left out, not null")
        return v


@app.get("/health")
def health():
    return {"status": "ok"}


def require_user(s, user_id: str) -> None:
    if s.get(User, user_id) is None:
        raise ApiError(404, "USER_NOT_FOUND", "Unknown user")


def owned_task(s, user_id: str, task_id: str, lock: bool = False) -> Task:
    query = s.query(Task).filter(Task.id == task_id, Task.user_id == user_id)
    task = (query.with_for_update() if lock else query).one_or_none()
    if task is None:
        raise ApiError(404, "TASK_NOT_FOUND", "Task not found")
    return task


@app.get("/{user_id}/tasks")
def list_tasks(user_id: str):
    with Session() as s:
        require_user(s, user_id)
        query = s.query(Task)
        if "list-all-users" not in DEFECTS:
            query = query.filter(Task.user_id == user_id)
        tasks = query.order_by(Task.created_at.desc()).all()
        return {"data": [t.to_dict() for t in tasks], "count": len(tasks)}


@app.post("/{user_id}/tasks", status_code=201)
def create_task(user_id: str, body: TaskIn):
    with Session.begin() as s:
        require_user(s, user_id)
        task = Task(user_id=user_id, title=body.title, description=body.description)
        s.add(task)
        s.flush()
        return task.to_dict()


@app.get("/{user_id}/tasks/{task_id}")
def get_task(user_id: str, task_id: str):
    with Session() as s:
        return owned_task(s, user_id, task_id).to_dict()


@app.put("/{user_id}/tasks/{task_id}")
def update_task(user_id: str, task_id: str, body: TaskPatch):
    with Session.begin() as s:
        task = owned_task(s, user_id, task_id)
        for field, value in body.dict(exclude_unset=True).items():
            setattr(task, field, value)
        if "frozen-updated-at" not in DEFECTS:
            task.updated_at = now()
        s.flush()
        return task.to_dict()


@app.delete("/{user_id}/tasks/{task_id}")
def delete_task(user_id: str, task_id: str):
    with Session.begin() as s:
        if "delete-oracle" in DEFECTS:
            if s.get(Task, task_id) is None:
                raise ApiError(404, "TASK_NOT_FOUND", "Task not found")
            s.query(Task).filter(Task.id == task_id, Task.user_id == user_id).delete()
        else:
            s.delete(owned_task(s, user_id, task_id))
    return Response(status_code=204)


@app.patch("/{user_id}/tasks/{task_id}/complete")
def toggle_task(user_id: str, task_id: str):
    with Session.begin() as s:
        # SQLite has no row locks: flip in one UPDATE, then read the row back inside the same
        # transaction (the write lock is held), so the answer is this toggle's own result.
        values = {Task.completed: ~Task.completed}
        if "frozen-updated-at" not in DEFECTS:
            values[Task.updated_at] = now()
        if not s.query(Task).filter(Task.id == task_id, Task.user_id == user_id).update(values, synchronize_session=False):
            raise ApiError(404, "TASK_NOT_FOUND", "Task not found")
        return owned_task(s, user_id, task_id).to_dict()
