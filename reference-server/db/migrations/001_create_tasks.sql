-- Tasks, scoped by the Better Auth user id (the token's `sub`).
-- Timestamps keep millisecond precision: that is what the API serializes, so a change is always visible.
CREATE TABLE tasks (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     varchar(255) NOT NULL CHECK (char_length(user_id) >= 1),
  title       varchar(255) NOT NULL CHECK (char_length(title) >= 1),
  description varchar(2000),
  completed   boolean NOT NULL DEFAULT false,
  created_at  timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  updated_at  timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);

-- The list query: one user's tasks, newest first.
CREATE INDEX tasks_user_id_created_at_idx ON tasks (user_id, created_at DESC, id DESC);
