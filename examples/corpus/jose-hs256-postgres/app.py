"""Tasks API: FastAPI + python-jose (HS256 with BETTER_AUTH_SECRET) + SQLAlchemy 1.4 on PostgreSQL.

A corpus backend (see examples/corpus/README.md) in the shape of the specification's shared-secret
variant (spec file 002): ``jwt.decode(token, SECRET, algorithms=["HS256"])`` behind an HTTPBearer
dependency, INTEGER ids (autoincrement), WRAPPED bodies (``{"task": {...}}``, ``{"tasks": [...],
"total": n}``) and naive UTC timestamps (``datetime.utcnow()``, serialised without a zone). Faithful
by default; python-jose requires neither ``exp`` nor ``sub`` and ignores ``crit``, so the default
variant asks for both claims and refuses ``crit``. ``DEFECTS=a,b`` switches on:

  no-exp-required            python-jose's default: a token without exp never expires
  ignore-crit                python-jose's default: a "crit" header it does not understand is ignored
  wrong-user-401             another user's id in the path answers 401 instead of 403
  forbidden-on-foreign-task  the task is looked up by id alone, then 403 if it is someone else's
  no-title-limits            title/description are plain str: empty, 256 characters, 1 MiB accepted
  nul-500                    no NUL check: PostgreSQL refuses U+0000 in text and the request is a 500
  put-wipes-description      PUT replaces description: leaving it out sets it to NULL

Environment: BETTER_AUTH_SECRET (required), DATABASE_URL (postgresql://...), DB_SCHEMA (optional,
created if missing), CORS_ORIGINS (default http://localhost:3000), DEFECTS.
Run: python3 -m uvicorn app:app --app-dir examples/corpus/jose-hs256-postgres --port 8002
"""

import os
from datetime import datetime
from typing import Optional

from fastapi import Depends, FastAPI, HTTPException, Path, Response, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jose import JWTError, jwt
from pydantic import BaseModel, Field, constr, validator
from sqlalchemy import Boolean, Column, DateTime, Integer, String, Text, create_engine, text
from sqlalchemy.orm import Session, declarative_base, sessionmaker

KNOWN_DEFECTS = {"no-exp-required", "ignore-crit", "wrong-user-401", "forbidden-on-foreign-task", "no-title-limits", "nul-500", "put-wipes-description"}
DEFECTS = {d.strip() for d in os.environ.get("DEFECTS", "").split(",") if d.strip()}
if DEFECTS - KNOWN_DEFECTS:
    raise RuntimeError(f"unknown DEFECTS {sorted(DEFECTS - KNOWN_DEFECTS)}; known: {sorted(KNOWN_DEFECTS)}")

SECRET = os.environ["BETTER_AUTH_SECRET"]
ALGORITHM = "HS256"
DATABASE_URL = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
DB_SCHEMA = os.environ.get("DB_SCHEMA")
CORS_ORIGINS = os.environ.get("CORS_ORIGINS", "http://localhost:3000").split(",")

# ---------------------------------------------------------------- database

if DB_SCHEMA:  # one schema per deployment (the tests give each variant its own)
    with create_engine(DATABASE_URL).begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{DB_SCHEMA}"'))
engine = create_engine(
    DATABASE_URL, pool_size=10, connect_args={"options": f"-csearch_path={DB_SCHEMA}"} if DB_SCHEMA else {}
)
SessionLocal = sessionmaker(bind=engine, autoflush=False)
Base = declarative_base()


class Task(Base):
    __tablename__ = "tasks"
    id = Column(Integer, primary_key=True, autoincrement=True)
    user_id = Column(String(255), index=True, nullable=False)
    title = Column(String(255), nullable=False)
    description = Column(Text, nullable=True)
    completed = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    updated_at = Column(DateTime, nullable=False, default=datetime.utcnow)


Base.metadata.create_all(engine)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


# ---------------------------------------------------------------- schemas

if "no-title-limits" in DEFECTS:
    Title, Description = str, str
elif "nul-500" in DEFECTS:
    Title, Description = constr(min_length=1, max_length=255), constr(max_length=2000)
else:  # PostgreSQL text cannot hold U+0000: refuse it here, as a 422
    Title, Description = constr(min_length=1, max_length=255, regex=r"^[^\x00]*$"), constr(max_length=2000, regex=r"^[^\x00]*$")


class TaskCreate(BaseModel):
    title: Title
    description: Optional[Description] = None


class TaskUpdate(BaseModel):
    title: Optional[Title] = None
    description: Optional[Description] = None
    completed: Optional[bool] = None

    @validator("title", "completed", pre=True)
    def not_null(cls, v):  # noqa: N805
        if v is None:
            raise ValueError("may be left out, not null")
        return v


class TaskResponse(BaseModel):
    id: int
    user_id: str
    title: str
    description: Optional[str]
    completed: bool
    created_at: datetime
    updated_at: datetime

    class Config:
        orm_mode = True


def wrap(task: Task) -> dict:
    return {"task": TaskResponse.from_orm(task)}


# ---------------------------------------------------------------- auth

security = HTTPBearer(auto_error=False)
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def get_current_user(credentials: Optional[HTTPAuthorizationCredentials] = Depends(security)) -> str:
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Not authenticated", headers=CHALLENGE)
    options = {} if "no-exp-required" in DEFECTS else {"require_exp": True, "require_sub": True}
    try:
        if "crit" in jwt.get_unverified_header(credentials.credentials) and "ignore-crit" not in DEFECTS:
            raise JWTError("critical header not understood")  # python-jose ignores crit
        payload = jwt.decode(credentials.credentials, SECRET, algorithms=[ALGORITHM], options=options)
    except JWTError:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Could not validate credentials", headers=CHALLENGE)
    except Exception:  # python-jose lets OverflowError out for exp = 1e400
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Could not validate credentials", headers=CHALLENGE)
    user_id = payload.get("sub")
    if not isinstance(user_id, str) or not user_id:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Could not validate credentials", headers=CHALLENGE)
    return user_id


def verify_user(user_id: str, current_user: str = Depends(get_current_user)) -> str:
    if user_id != current_user:
        if "wrong-user-401" in DEFECTS:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Invalid user", headers=CHALLENGE)
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Access denied")
    return current_user


# ---------------------------------------------------------------- app

app = FastAPI(title="Evo-TODO API", version="2.2.0")
app.add_middleware(
    CORSMiddleware,
    allow_origins=CORS_ORIGINS,
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


@app.get("/health")
def health():
    return {"status": "ok"}


TaskId = Path(..., ge=1, le=2**31 - 1)  # an INTEGER column: bigger ids are a 422, not a 500


def get_user_task(db: Session, user_id: str, task_id: int, lock: bool = False) -> Task:
    if "forbidden-on-foreign-task" in DEFECTS:
        task = db.query(Task).filter(Task.id == task_id).first()
        if task is not None and task.user_id != user_id:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "Not your task")
    else:
        query = db.query(Task).filter(Task.id == task_id, Task.user_id == user_id)
        task = (query.with_for_update() if lock else query).first()
    if task is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Task not found")
    return task


@app.get("/api/{user_id}/tasks")
def list_tasks(user_id: str = Depends(verify_user), db: Session = Depends(get_db)):
    tasks = db.query(Task).filter(Task.user_id == user_id).order_by(Task.created_at.desc(), Task.id.desc()).all()
    return {"tasks": [TaskResponse.from_orm(t) for t in tasks], "total": len(tasks)}


@app.post("/api/{user_id}/tasks", status_code=201)
def create_task(task: TaskCreate, user_id: str = Depends(verify_user), db: Session = Depends(get_db)):
    db_task = Task(user_id=user_id, title=task.title, description=task.description)
    db.add(db_task)
    db.commit()
    db.refresh(db_task)
    return wrap(db_task)


@app.get("/api/{user_id}/tasks/{task_id}")
def get_task(task_id: int = TaskId, user_id: str = Depends(verify_user), db: Session = Depends(get_db)):
    return wrap(get_user_task(db, user_id, task_id))


@app.put("/api/{user_id}/tasks/{task_id}")
def update_task(task_update: TaskUpdate, task_id: int = TaskId, user_id: str = Depends(verify_user), db: Session = Depends(get_db)):
    task = get_user_task(db, user_id, task_id)
    if "put-wipes-description" in DEFECTS:
        changes = task_update.dict(exclude_none=True)
        task.description = task_update.description  # "PUT replaces the resource"
    else:
        changes = task_update.dict(exclude_unset=True)
    for field, value in changes.items():
        setattr(task, field, value)
    task.updated_at = datetime.utcnow()
    db.commit()
    db.refresh(task)
    return wrap(task)


@app.delete("/api/{user_id}/tasks/{task_id}", status_code=204)
def delete_task(task_id: int = TaskId, user_id: str = Depends(verify_user), db: Session = Depends(get_db)):
    db.delete(get_user_task(db, user_id, task_id))
    db.commit()
    return Response(status_code=204)


@app.patch("/api/{user_id}/tasks/{task_id}/complete")
def toggle_complete(task_id: int = TaskId, user_id: str = Depends(verify_user), db: Session = Depends(get_db)):
    task = get_user_task(db, user_id, task_id, lock=True)  # SELECT ... FOR UPDATE: no lost toggles
    task.completed = not task.completed
    task.updated_at = datetime.utcnow()
    result = wrap(task)  # this toggle's result, taken while the row is still locked
    db.commit()
    return result
