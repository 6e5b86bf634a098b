"""Tasks API: FastAPI + PyJWT (EdDSA via the Better Auth JWKS) + SQLAlchemy 1.4 on SQLite.

A corpus backend (see examples/corpus/README.md): written the way a small team writes its first
FastAPI service: module-level settings, a JWKS cache of its own, ORM models, lax pydantic schemas
(plain ``str``/``bool``: 42 becomes "42", "yes" becomes True), UUID strings as ids, task ids taken as
``str`` path parameters. The default is faithful to the specification; ``DEFECTS=a,b`` switches on
the mistakes real backends make:

  missing-token-403   HTTPBearer() as in the spec sketch: FastAPI < 0.122 answers 403 without a header
  no-iss-aud          iss and aud are not checked
  ignore-nbf          options={"verify_nbf": False, "verify_iat": False} ("clock skew problems";
                      PyJWT 2.6 also refuses an iat in the future, so both are switched off)
  query-param-500     ?sort_by= goes straight into getattr(Task, ...) / ORDER BY
  hs256-second-path   HS256 tokens are also accepted, with BETTER_AUTH_SECRET or "your-secret-key"
  exp-overflow-500    only jwt.PyJWTError is caught: exp = 1e400 raises OverflowError (500)

Environment: JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, CORS_ORIGINS (default http://localhost:3000),
DATABASE_URL (default: a SQLite file in a new temp dir), DEFECTS.
Run: python3 -m uvicorn app:app --app-dir examples/corpus/pyjwt-jwks-sqlite --port 8001
"""

import json
import os
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import datetime, timezone
from typing import List, Optional

import jwt
from fastapi import Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, validator
from sqlalchemy import Boolean, Column, DateTime, String, Text, create_engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

KNOWN_DEFECTS = {"missing-token-403", "no-iss-aud", "ignore-nbf", "query-param-500", "hs256-second-path", "exp-overflow-500"}
DEFECTS = {d.strip() for d in os.environ.get("DEFECTS", "").split(",") if d.strip()}
if DEFECTS - KNOWN_DEFECTS:
    raise RuntimeError(f"unknown DEFECTS {sorted(DEFECTS - KNOWN_DEFECTS)}; known: {sorted(KNOWN_DEFECTS)}")

JWKS_URL = os.environ["JWKS_URL"]
JWT_ISSUER = os.environ.get("JWT_ISSUER")
JWT_AUDIENCE = os.environ.get("JWT_AUDIENCE")
CORS_ORIGINS = os.environ.get("CORS_ORIGINS", "http://localhost:3000").split(",")
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='tasks-')}/tasks.db"

# ---------------------------------------------------------------- database

engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False, "timeout": 15})
SessionLocal = sessionmaker(bind=engine, autoflush=False)
Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Task(Base):
    __tablename__ = "tasks"
    id = Column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    user_id = Column(String(255), index=True, nullable=False)
    title = Column(String(255), nullable=False)
    description = Column(Text, nullable=True)
    completed = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


Base.metadata.create_all(engine)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


# ---------------------------------------------------------------- schemas (lax pydantic, as most teams use it)


class TaskCreate(BaseModel):
    title: str = Field(..., min_length=1, max_length=255)
    description: Optional[str] = Field(None, max_length=2000)


class TaskUpdate(BaseModel):
    title: Optional[str] = Field(None, min_length=1, max_length=255)
    description: Optional[str] = Field(None, max_length=2000)
    completed: Optional[bool] = None

    @validator("title", "completed", pre=True)
    def not_null(cls, v):  # noqa: N805
        if v is None:
            raise ValueError("may be left out, not null")
        return v


class TaskOut(BaseModel):
    id: str
    user_id: str
    title: str
    description: Optional[str]
    completed: bool
    created_at: datetime
    updated_at: datetime

    @validator("created_at", "updated_at")
    def as_utc(cls, v: datetime) -> datetime:  # noqa: N805  SQLite hands back naive datetimes
        return v if v.tzinfo else v.replace(tzinfo=timezone.utc)

    class Config:
        orm_mode = True


class TaskList(BaseModel):
    data: List[TaskOut]
    count: int


# ---------------------------------------------------------------- auth


class JWKSCache:
    """kid -> public key, refetched when a kid is unknown, but not more than once every 30 s."""

    def __init__(self, url: str):
        self.url = url
        self.keys = {}
        self.fetched_at = float("-inf")
        self.lock = threading.Lock()

    def fetch(self):
        with urllib.request.urlopen(self.url, timeout=5) as res:
            jwks = json.load(res)
        return {k["kid"]: jwt.PyJWK(k, algorithm="EdDSA").key for k in jwks["keys"] if k.get("kty") == "OKP"}

    def get(self, kid: str):
        with self.lock:
            if kid not in self.keys and time.monotonic() - self.fetched_at > 30:
                self.fetched_at = time.monotonic()  # failed attempts count too: no retry storm
                try:
                    self.keys = self.fetch()
                except Exception:
                    pass  # issuer unreachable: keep what we have, the token is refused below
            return self.keys.get(kid)


jwks_cache = JWKSCache(JWKS_URL)
security = HTTPBearer() if "missing-token-403" in DEFECTS else HTTPBearer(auto_error=False)


def unauthorized(detail: str = "Could not validate credentials") -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def decode_token(token: str) -> dict:
    header = jwt.get_unverified_header(token)
    if "hs256-second-path" in DEFECTS and header.get("alg") == "HS256":
        # "so the mobile app can keep using the old tokens"
        return jwt.decode(token, os.environ.get("BETTER_AUTH_SECRET", "your-secret-key"), algorithms=["HS256"], options={"verify_aud": False})
    if header.get("alg") != "EdDSA":
        raise jwt.InvalidAlgorithmError("EdDSA only")
    if "crit" in header:
        # We understand no JWS extension. Debian's PyJWT 2.6.0-1+deb12u1 refuses an unknown "crit"
        # itself (CVE-2026-32597, upstream since 2.10), an unpatched PyJWT < 2.10 does not.
        raise jwt.InvalidTokenError("unsupported critical header")
    key = jwks_cache.get(header.get("kid"))
    if key is None:
        raise jwt.InvalidKeyError("unknown kid")
    if "no-iss-aud" in DEFECTS:
        return jwt.decode(token, key, algorithms=["EdDSA"], options={"verify_aud": False, "require": ["exp", "sub"]})
    options = {"require": ["exp", "sub", "iss", "aud"]}
    if "ignore-nbf" in DEFECTS:
        options.update(verify_nbf=False, verify_iat=False)
    return jwt.decode(token, key, algorithms=["EdDSA"], issuer=JWT_ISSUER, audience=JWT_AUDIENCE, leeway=5, options=options)


def get_current_user(credentials: Optional[HTTPAuthorizationCredentials] = Depends(security)) -> str:
    if credentials is None:
        raise unauthorized("Not authenticated")
    try:
        payload = decode_token(credentials.credentials)
    except jwt.PyJWTError:
        raise unauthorized()
    except Exception:
        if "exp-overflow-500" in DEFECTS:
            raise
        raise unauthorized()  # e.g. OverflowError for exp = 1e400
    sub = payload.get("sub")
    if not isinstance(sub, str) or not sub:
        raise unauthorized()
    return sub


def verify_owner(user_id: str, current_user: str = Depends(get_current_user)) -> str:
    if user_id != current_user:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Not authorized to access this user's tasks")
    return user_id


# ---------------------------------------------------------------- app

app = FastAPI(title="Tasks API", version="0.3.0")
app.add_middleware(
    CORSMiddleware,
    allow_origins=CORS_ORIGINS,
    allow_credentials=True,
    allow_methods=["GET", "POST", "PUT", "DELETE", "PATCH"],
    allow_headers=["Authorization", "Content-Type"],
)


@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError):
    # FastAPI parses the JSON body before any dependency runs: keep 401 -> 403 -> 422.
    if "user_id" in request.path_params:
        try:
            user = get_current_user(await security(request))
            verify_owner(request.path_params["user_id"], user)
        except HTTPException as denied:
            return await http_exception_handler(request, denied)
    return await request_validation_exception_handler(request, exc)


@app.get("/health")
def health():
    return {"status": "ok"}


def find_task(db: Session, user_id: str, task_id: str) -> Task:
    task = db.query(Task).filter(Task.id == task_id, Task.user_id == user_id).first()
    if task is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Task not found")
    return task


SORTABLE = {"created_at", "updated_at", "title"}


@app.get("/api/{user_id}/tasks", response_model=TaskList)
def list_tasks(user_id: str = Depends(verify_owner), sort_by: str = "created_at", order: str = "desc", db: Session = Depends(get_db)):
    if "query-param-500" not in DEFECTS and sort_by not in SORTABLE:
        sort_by = "created_at"
    column = getattr(Task, sort_by)
    tasks = db.query(Task).filter(Task.user_id == user_id).order_by(column.asc() if order == "asc" else column.desc()).all()
    return {"data": tasks, "count": len(tasks)}


@app.post("/api/{user_id}/tasks", response_model=TaskOut, status_code=201)
def create_task(body: TaskCreate, user_id: str = Depends(verify_owner), db: Session = Depends(get_db)):
    task = Task(user_id=user_id, title=body.title, description=body.description)
    db.add(task)
    db.commit()
    db.refresh(task)
    return task


@app.get("/api/{user_id}/tasks/{task_id}", response_model=TaskOut)
def get_task(task_id: str, user_id: str = Depends(verify_owner), db: Session = Depends(get_db)):
    return find_task(db, user_id, task_id)


@app.put("/api/{user_id}/tasks/{task_id}", response_model=TaskOut)
def update_task(task_id: str, body: TaskUpdate, user_id: str = Depends(verify_owner), db: Session = Depends(get_db)):
    task = find_task(db, user_id, task_id)
    for field, value in body.dict(exclude_unset=True).items():
        setattr(task, field, value)
    task.updated_at = utcnow()
    db.commit()
    db.refresh(task)
    return task


@app.delete("/api/{user_id}/tasks/{task_id}", status_code=204, response_class=Response)
def delete_task(task_id: str, user_id: str = Depends(verify_owner), db: Session = Depends(get_db)):
    db.delete(find_task(db, user_id, task_id))
    db.commit()
    return Response(status_code=204)


@app.patch("/api/{user_id}/tasks/{task_id}/complete", response_model=TaskOut)
def toggle_task(task_id: str, user_id: str = Depends(verify_owner), db: Session = Depends(get_db)):
    # One UPDATE statement: concurrent toggles cannot overwrite each other. The row is read back
    # before the commit, while SQLite's write lock is held, so the answer is this toggle's result.
    updated = db.query(Task).filter(Task.id == task_id, Task.user_id == user_id).update(
        {Task.completed: ~Task.completed, Task.updated_at: utcnow()}, synchronize_session=False
    )
    if not updated:
        db.rollback()
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Task not found")
    result = TaskOut.from_orm(find_task(db, user_id, task_id))
    db.commit()
    return result
