"""Tasks API whose PATCH .../complete SETS the flag from a required body: FastAPI + PyJWT's PyJWKClient.

A corpus backend (see examples/corpus/README.md) in the shape of the specification's own sketch:
one ``PyJWKClient(JWKS_URL)`` for the Better Auth keys, an in-memory store (a dict behind a lock,
read-modify-write), bare JSON arrays for the list, and ``PATCH /api/{user_id}/tasks/{task_id}/complete``
taking ``{"completed": true|false}`` — a REQUIRED request body, so it is in this app's /openapi.json
(tck check takes the body from there; ``--toggle-body '{"completed":true}'`` says it by hand).

Faithful by default. ``DEFECTS=a,b`` switches on:

  jwks-every-unknown-kid     PyJWKClient as documented: every unknown kid refetches the JWKS
  jwks-outage-500            the same client, and a failed JWKS fetch is a 500 naming the JWKS URL
  validate-before-ownership  the spec sketch's verify_user_ownership() inside the endpoint, so an
                             invalid body on another user's path is a 422 (FastAPI validated it first)
  description-null-ignored   "if body.description is not None": {"description": null} changes nothing

Environment: JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, CORS_ORIGINS (default http://localhost:3000), DEFECTS.
Run: python3 -m uvicorn app:app --app-dir examples/corpus/set-complete-patch --port 8005
"""

import os
import threading
import time
import uuid
from datetime import datetime, timezone
from typing import Dict, List, Optional

import jwt
from fastapi import Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jwt import PyJWKClient
from pydantic import BaseModel, Field, validator

KNOWN_DEFECTS = {"jwks-every-unknown-kid", "jwks-outage-500", "validate-before-ownership", "description-null-ignored"}
DEFECTS = {d.strip() for d in os.environ.get("DEFECTS", "").split(",") if d.strip()}
if DEFECTS - KNOWN_DEFECTS:
    raise RuntimeError(f"unknown DEFECTS {sorted(DEFECTS - KNOWN_DEFECTS)}; known: {sorted(KNOWN_DEFECTS)}")

JWKS_URL = os.environ["JWKS_URL"]
JWT_ISSUER = os.environ.get("JWT_ISSUER")
JWT_AUDIENCE = os.environ.get("JWT_AUDIENCE")
CORS_ORIGINS = os.environ.get("CORS_ORIGINS", "http://localhost:3000").split(",")

# ---------------------------------------------------------------- auth

jwks_client = PyJWKClient(JWKS_URL)
PLAIN_CLIENT = bool(DEFECTS & {"jwks-every-unknown-kid", "jwks-outage-500"})


class KeyCache:
    """Wraps PyJWKClient: keeps the last good keys (PyJWT 2.6 forgets them when a fetch fails) and
    refetches for an unknown kid at most once every 30 seconds."""

    def __init__(self, client: PyJWKClient):
        self.client = client
        self.keys: Dict[str, object] = {}
        self.fetched_at = float("-inf")
        self.lock = threading.Lock()

    def get(self, kid: Optional[str]):
        with self.lock:
            if kid not in self.keys and time.monotonic() - self.fetched_at >= 30:
                self.fetched_at = time.monotonic()
                try:
                    self.keys = {k.key_id: k.key for k in self.client.get_signing_keys(refresh=True)}
                except Exception:  # PyJWKClientError, or a dropped connection (not wrapped by PyJWT)
                    pass
            return self.keys.get(kid)


key_cache = KeyCache(jwks_client)
security = HTTPBearer(auto_error=False)
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def signing_key(token: str):
    if PLAIN_CLIENT:
        try:
            return jwks_client.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientError as e:
            if "Unable to find a signing key" in str(e) or "jwks-outage-500" not in DEFECTS:
                raise jwt.InvalidTokenError(str(e))
            raise HTTPException(500, detail=f"Failed to fetch JWKS from {JWKS_URL}: {e}")
        except Exception as e:  # a dropped connection is not even a PyJWKClientError
            if "jwks-outage-500" not in DEFECTS:
                raise jwt.InvalidTokenError(str(e))
            raise HTTPException(500, detail=f"Failed to fetch JWKS from {JWKS_URL}: {e!r}")
    key = key_cache.get(jwt.get_unverified_header(token).get("kid"))
    if key is None:
        raise jwt.InvalidTokenError("unknown signing key")
    return key


def verify_token(credentials: Optional[HTTPAuthorizationCredentials] = Depends(security)) -> str:
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Not authenticated", headers=CHALLENGE)
    token = credentials.credentials
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != "EdDSA" or "crit" in header:
            raise jwt.InvalidTokenError("algorithm or critical header not accepted")
        payload = jwt.decode(token, signing_key(token), algorithms=["EdDSA"], issuer=JWT_ISSUER, audience=JWT_AUDIENCE,
                             leeway=5, options={"require": ["exp", "sub", "iss", "aud"]})
    except HTTPException:
        raise
    except Exception:  # PyJWTError, and OverflowError for exp = 1e400
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Invalid authentication credentials", headers=CHALLENGE)
    user_id = payload.get("sub")
    if not isinstance(user_id, str) or not user_id:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Invalid token claims", headers=CHALLENGE)
    return user_id


def verify_user_ownership(path_user_id: str, token_user_id: str) -> None:
    if path_user_id != token_user_id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Access denied")


def owner(user_id: str, current_user_id: str = Depends(verify_token)) -> str:
    """The path's user, once the token proved to be that user (a dependency: runs before the body is validated)."""
    if "validate-before-ownership" not in DEFECTS:
        verify_user_ownership(user_id, current_user_id)
    return current_user_id


# ---------------------------------------------------------------- models and store


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


class CompletionUpdate(BaseModel):
    completed: bool


class Task(BaseModel):
    id: str
    user_id: str
    title: str
    description: Optional[str] = None
    completed: bool = False
    created_at: datetime
    updated_at: datetime


tasks: Dict[str, Task] = {}
lock = threading.Lock()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def get_user_task(user_id: str, task_id: str) -> Task:
    task = tasks.get(task_id)
    if task is None or task.user_id != user_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Task not found")
    return task


# ---------------------------------------------------------------- app

app = FastAPI(title="Todo API", version="1.0.0")
app.add_middleware(CORSMiddleware, allow_origins=CORS_ORIGINS, allow_credentials=True,
                   allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"], allow_headers=["Authorization", "Content-Type"])


@app.exception_handler(RequestValidationError)
async def validation_failed(request: Request, exc: RequestValidationError):
    # A broken JSON body is refused before any dependency runs: answer 401/403 first anyway.
    if "user_id" in request.path_params and "validate-before-ownership" not in DEFECTS:
        try:
            verify_user_ownership(request.path_params["user_id"], verify_token(await security(request)))
        except HTTPException as denied:
            return await http_exception_handler(request, denied)
    return await request_validation_exception_handler(request, exc)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/api/{user_id}/tasks", response_model=List[Task])
def list_tasks(user_id: str, current_user_id: str = Depends(owner)):
    verify_user_ownership(user_id, current_user_id)
    with lock:
        mine = [t for t in tasks.values() if t.user_id == current_user_id]
    return sorted(mine, key=lambda t: t.created_at, reverse=True)


@app.post("/api/{user_id}/tasks", response_model=Task, status_code=201)
def create_task(user_id: str, task: TaskCreate, current_user_id: str = Depends(owner)):
    verify_user_ownership(user_id, current_user_id)
    now = utcnow()
    new = Task(id=str(uuid.uuid4()), user_id=current_user_id, title=task.title, description=task.description, created_at=now, updated_at=now)
    with lock:
        tasks[new.id] = new
    return new


@app.get("/api/{user_id}/tasks/{task_id}", response_model=Task)
def get_task(user_id: str, task_id: str, current_user_id: str = Depends(owner)):
    verify_user_ownership(user_id, current_user_id)
    return get_user_task(current_user_id, task_id)


@app.put("/api/{user_id}/tasks/{task_id}", response_model=Task)
def update_task(user_id: str, task_id: str, task_update: TaskUpdate, current_user_id: str = Depends(owner)):
    verify_user_ownership(user_id, current_user_id)
    with lock:
        task = get_user_task(current_user_id, task_id)
        if "description-null-ignored" in DEFECTS:
            changes = {k: v for k, v in task_update.dict().items() if v is not None}
        else:
            changes = task_update.dict(exclude_unset=True)
        task = task.copy(update={**changes, "updated_at": utcnow()})
        tasks[task_id] = task
    return task


@app.delete("/api/{user_id}/tasks/{task_id}", status_code=204, response_class=Response)
def delete_task(user_id: str, task_id: str, current_user_id: str = Depends(owner)):
    verify_user_ownership(user_id, current_user_id)
    with lock:
        get_user_task(current_user_id, task_id)
        del tasks[task_id]
    return Response(status_code=204)


@app.patch("/api/{user_id}/tasks/{task_id}/complete", response_model=Task)
def set_completion(user_id: str, task_id: str, body: CompletionUpdate, current_user_id: str = Depends(owner)):
    """Sets ``completed`` to the value sent (idempotent, unlike a toggle)."""
    verify_user_ownership(user_id, current_user_id)
    with lock:
        task = get_user_task(current_user_id, task_id).copy(update={"completed": body.completed, "updated_at": utcnow()})
        tasks[task_id] = task
    return task
