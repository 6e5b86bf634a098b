/**
 * GENERATED from contracts/task-api.yaml by contracts/render-contract-document.ts
 * (`npm run gen:contract`); do not edit. `npm run check:contract` (and a test) fail when it is out of step.
 * The OpenAPI document as written, `$ref`s intact: the same object `loadContract()` reads from disk.
 */
import type { OpenApiDocument } from '../openapi-document.ts'

/** The Task API contract. Shared by every importer: copy it (`structuredClone`) before changing anything. */
export const TASK_API_DOCUMENT: OpenApiDocument = {
  "openapi": "3.1.0",
  "info": {
    "title": "Evo-TODO Task API",
    "version": "1.0.0",
    "summary": "JWT-protected task API verified against a Better Auth JWKS.",
    "description": "The single source of truth for tasks-tck. Every task operation requires\n`Authorization: Bearer <jwt>`, a token issued by Better Auth's JWT plugin\n(EdDSA by default) and verified by the backend against the issuer's JWKS.\n\nStatus rules, in the order a backend applies them:\n1. missing, malformed, expired or otherwise invalid token → 401 (with `WWW-Authenticate: Bearer`);\n2. valid token whose `sub` differs from the path `user_id` → 403;\n3. invalid body or parameters → 422;\n4. a task id that does not exist or belongs to another user → 404 (existence is never revealed).\n",
    "license": {
      "name": "MIT",
      "identifier": "MIT"
    }
  },
  "servers": [
    {
      "url": "http://127.0.0.1:8000",
      "description": "tasks-tck reference server (npm start)"
    }
  ],
  "tags": [
    {
      "name": "tasks",
      "description": "The six task operations, scoped to one user."
    },
    {
      "name": "health",
      "description": "Liveness and readiness probes."
    }
  ],
  "security": [],
  "paths": {
    "/health": {
      "get": {
        "operationId": "getHealth",
        "tags": [
          "health"
        ],
        "summary": "Liveness probe",
        "description": "Answers while the process is up; touches no dependency.",
        "responses": {
          "200": {
            "description": "The process is alive.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                },
                "examples": {
                  "ok": {
                    "value": {
                      "status": "ok"
                    }
                  }
                }
              }
            }
          },
          "421": {
            "$ref": "#/components/responses/MisdirectedRequest"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/health/ready": {
      "get": {
        "operationId": "getReadiness",
        "tags": [
          "health"
        ],
        "summary": "Readiness probe",
        "description": "Answers 200 when the database accepts queries, 503 otherwise.",
        "responses": {
          "200": {
            "description": "Ready to serve requests.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Readiness"
                },
                "examples": {
                  "ready": {
                    "value": {
                      "status": "ok",
                      "database": "ok"
                    }
                  }
                }
              }
            }
          },
          "421": {
            "$ref": "#/components/responses/MisdirectedRequest"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "description": "A dependency is unavailable.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Readiness"
                },
                "examples": {
                  "databaseDown": {
                    "value": {
                      "status": "unavailable",
                      "database": "unavailable"
                    }
                  }
                }
              }
            }
          }
        }
      }
    },
    "/api/{user_id}/tasks": {
      "parameters": [
        {
          "$ref": "#/components/parameters/UserId"
        }
      ],
      "get": {
        "operationId": "listTasks",
        "tags": [
          "tasks"
        ],
        "summary": "List the user's tasks, newest first",
        "description": "One page of the user's tasks, newest first (`created_at` descending, ties broken by `id`\ndescending, so consecutive pages never overlap or skip a task). `limit` is the page size\n(1–100, default 100) and `offset` the number of tasks skipped (default 0); a client that\nsends neither gets the first 100. `count` is the user's total number of tasks, not the\nlength of the page: keep requesting `offset += limit` while `offset < count`.\n",
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Offset"
          }
        ],
        "responses": {
          "200": {
            "description": "One page of the user's tasks (never another user's); `count` is their total.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TaskList"
                },
                "examples": {
                  "tasks": {
                    "$ref": "#/components/examples/TaskListTasks"
                  },
                  "emptyList": {
                    "$ref": "#/components/examples/TaskListEmpty"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "421": {
            "$ref": "#/components/responses/MisdirectedRequest"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "post": {
        "operationId": "createTask",
        "tags": [
          "tasks"
        ],
        "summary": "Create a task",
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TaskCreate"
              },
              "examples": {
                "minimal": {
                  "value": {
                    "title": "Buy milk"
                  }
                },
                "withDescription": {
                  "value": {
                    "title": "Write report",
                    "description": "Quarterly numbers for the team"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The created task.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Task"
                },
                "examples": {
                  "created": {
                    "$ref": "#/components/examples/TaskOpen"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/TaskQuotaExceeded"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "421": {
            "$ref": "#/components/responses/MisdirectedRequest"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/{user_id}/tasks/{task_id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/UserId"
        },
        {
          "$ref": "#/components/parameters/TaskId"
        }
      ],
      "get": {
        "operationId": "getTask",
        "tags": [
          "tasks"
        ],
        "summary": "Get one task",
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "responses": {
          "200": {
            "description": "The task.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Task"
                },
                "examples": {
                  "task": {
                    "$ref": "#/components/examples/TaskOpen"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/MisdirectedRequest"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "put": {
        "operationId": "updateTask",
        "tags": [
          "tasks"
        ],
        "summary": "Update a task",
        "description": "Only the fields present in the body change; an omitted `description` is kept,\n`description: null` clears it. `updated_at` moves on every successful update.\n",
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TaskUpdate"
              },
              "examples": {
                "rename": {
                  "value": {
                    "title": "Buy oat milk"
                  }
                },
                "complete": {
                  "value": {
                    "completed": true
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated task.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Task"
                },
                "examples": {
                  "updated": {
                    "$ref": "#/components/examples/TaskDone"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "421": {
            "$ref": "#/components/responses/MisdirectedRequest"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "delete": {
        "operationId": "deleteTask",
        "tags": [
          "tasks"
        ],
        "summary": "Delete a task",
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted; no body."
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/MisdirectedRequest"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/{user_id}/tasks/{task_id}/complete": {
      "parameters": [
        {
          "$ref": "#/components/parameters/UserId"
        },
        {
          "$ref": "#/components/parameters/TaskId"
        }
      ],
      "patch": {
        "operationId": "toggleTaskCompletion",
        "tags": [
          "tasks"
        ],
        "summary": "Toggle a task's completed flag",
        "description": "Flips `completed`. Takes no body: an empty body, or `{}`, is accepted; any property (such as `{\"completed\": false}`) is 422, never silently ignored.",
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "description": "Nothing; the toggle has no options.",
                "additionalProperties": false
              },
              "examples": {
                "empty": {
                  "value": {}
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The task after the toggle.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Task"
                },
                "examples": {
                  "toggled": {
                    "$ref": "#/components/examples/TaskDone"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/MisdirectedRequest"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A JWT from Better Auth's JWT plugin (`/api/auth/token`), verified against\n`/api/auth/jwks`. `sub` is the user id; `iss` and `aud` are checked when configured.\n"
      }
    },
    "parameters": {
      "UserId": {
        "name": "user_id",
        "in": "path",
        "required": true,
        "description": "The user id; must equal the token's `sub`.",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 255
        }
      },
      "TaskId": {
        "name": "task_id",
        "in": "path",
        "required": true,
        "description": "The task id: a UUID in its hyphenated form (RFC 9562), letters in either case (the same task). No `urn:uuid:` prefix, braces or unhyphenated form: those are 422.",
        "schema": {
          "type": "string",
          "format": "uuid",
          "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
        }
      },
      "Limit": {
        "name": "limit",
        "in": "query",
        "required": false,
        "description": "Page size of the list, 1–100 (default 100). Out of range or not an integer → 422.",
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 100,
          "default": 100
        }
      },
      "Offset": {
        "name": "offset",
        "in": "query",
        "required": false,
        "description": "How many tasks of the list to skip, ≥ 0 (default 0). Negative or not an integer → 422.",
        "schema": {
          "type": "integer",
          "minimum": 0,
          "default": 0
        }
      }
    },
    "headers": {
      "WWW-Authenticate": {
        "description": "RFC 6750 challenge: `Bearer`, optionally with `error=\"invalid_token\"`.",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^Bearer"
        },
        "example": "Bearer"
      }
    },
    "schemas": {
      "Task": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "user_id",
          "title",
          "description",
          "completed",
          "created_at",
          "updated_at"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "user_id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255
          },
          "title": {
            "$ref": "#/components/schemas/TaskTitle"
          },
          "description": {
            "$ref": "#/components/schemas/TaskDescription"
          },
          "completed": {
            "type": "boolean"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "TaskCreate": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "title"
        ],
        "properties": {
          "title": {
            "$ref": "#/components/schemas/TaskTitle"
          },
          "description": {
            "$ref": "#/components/schemas/TaskDescription"
          }
        }
      },
      "TaskUpdate": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "title": {
            "$ref": "#/components/schemas/TaskTitle"
          },
          "description": {
            "$ref": "#/components/schemas/TaskDescription"
          },
          "completed": {
            "type": "boolean"
          }
        }
      },
      "TaskTitle": {
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
        "pattern": "^[^\\u0000]*$"
      },
      "TaskDescription": {
        "type": [
          "string",
          "null"
        ],
        "maxLength": 2000,
        "pattern": "^[^\\u0000]*$"
      },
      "TaskList": {
        "type": "object",
        "description": "One page of a user's tasks and the user's total number of tasks.",
        "additionalProperties": false,
        "required": [
          "data",
          "count"
        ],
        "properties": {
          "data": {
            "type": "array",
            "description": "The page, newest first; at most `limit` (default 100, maximum 100) tasks.",
            "items": {
              "$ref": "#/components/schemas/Task"
            }
          },
          "count": {
            "type": "integer",
            "description": "The user's total number of tasks (all pages), not the length of `data`.",
            "minimum": 0
          }
        }
      },
      "Health": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "status"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok"
            ]
          }
        }
      },
      "Readiness": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "status",
          "database"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "unavailable"
            ]
          },
          "database": {
            "type": "string",
            "enum": [
              "ok",
              "unavailable"
            ]
          }
        }
      },
      "ValidationItem": {
        "type": "object",
        "description": "One FastAPI/pydantic-style validation problem.",
        "required": [
          "loc",
          "msg",
          "type"
        ],
        "properties": {
          "loc": {
            "type": "array",
            "items": {
              "type": [
                "string",
                "integer"
              ]
            }
          },
          "msg": {
            "type": "string"
          },
          "type": {
            "type": "string"
          }
        }
      },
      "Error": {
        "type": "object",
        "description": "One error envelope that both FastAPI (`{\"detail\": \"...\"}` or `{\"detail\": [ValidationItem]}`)\nand RFC 9457 problem details (`type`, `title`, `status`, `detail`, plus the extension `code`)\nsatisfy. It stays open because RFC 9457 section 3.2 allows extension members.\n",
        "if": {
          "not": {
            "required": [
              "detail"
            ],
            "properties": {
              "detail": {}
            }
          }
        },
        "then": {
          "required": [
            "title"
          ],
          "properties": {
            "title": {
              "type": "string"
            }
          }
        },
        "properties": {
          "detail": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/ValidationItem"
                }
              }
            ]
          },
          "type": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer",
            "minimum": 400,
            "maximum": 599
          },
          "code": {
            "type": "string",
            "pattern": "^[A-Z][A-Z0-9_]*$"
          },
          "errors": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ValidationItem"
            }
          }
        }
      }
    },
    "responses": {
      "Unauthorized": {
        "description": "Missing, malformed, expired or otherwise invalid token.",
        "headers": {
          "WWW-Authenticate": {
            "$ref": "#/components/headers/WWW-Authenticate"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "missingToken": {
                "value": {
                  "type": "about:blank",
                  "title": "Unauthorized",
                  "status": 401,
                  "detail": "Not authenticated",
                  "code": "AUTH_TOKEN_MISSING"
                }
              },
              "expiredToken": {
                "value": {
                  "type": "about:blank",
                  "title": "Unauthorized",
                  "status": 401,
                  "detail": "Token has expired",
                  "code": "AUTH_TOKEN_EXPIRED"
                }
              },
              "invalidToken": {
                "value": {
                  "type": "about:blank",
                  "title": "Unauthorized",
                  "status": 401,
                  "detail": "Could not validate credentials",
                  "code": "AUTH_TOKEN_INVALID"
                }
              }
            }
          },
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "fastapi": {
                "value": {
                  "detail": "Not authenticated"
                }
              }
            }
          }
        }
      },
      "Forbidden": {
        "description": "Valid token, but the path `user_id` is not the token's `sub`.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "otherUsersPath": {
                "value": {
                  "type": "about:blank",
                  "title": "Forbidden",
                  "status": 403,
                  "detail": "You don't have permission to access this user's tasks",
                  "code": "FORBIDDEN_USER_MISMATCH"
                }
              }
            }
          },
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "fastapi": {
                "value": {
                  "detail": "Not authorized to access this user's tasks"
                }
              }
            }
          }
        }
      },
      "NotFound": {
        "description": "No such task for this user (another user's task looks the same).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "notFound": {
                "value": {
                  "type": "about:blank",
                  "title": "Not Found",
                  "status": 404,
                  "detail": "Task not found",
                  "code": "TASK_NOT_FOUND"
                }
              }
            }
          },
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "fastapi": {
                "value": {
                  "detail": "Task not found"
                }
              }
            }
          }
        }
      },
      "TaskQuotaExceeded": {
        "description": "The user already has the most tasks the server keeps per user (`MAX_TASKS_PER_USER`,\ndefault 10,000). Nothing was stored; delete tasks before creating more.\n",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "quotaExceeded": {
                "value": {
                  "type": "about:blank",
                  "title": "Conflict",
                  "status": 409,
                  "detail": "Task limit reached: delete tasks before creating more",
                  "code": "TASK_QUOTA_EXCEEDED"
                }
              }
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The body exceeds the server's limit.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "tooLarge": {
                "value": {
                  "type": "about:blank",
                  "title": "Payload Too Large",
                  "status": 413,
                  "detail": "Request body is too large",
                  "code": "PAYLOAD_TOO_LARGE"
                }
              }
            }
          }
        }
      },
      "ValidationFailed": {
        "description": "The body or a parameter is invalid.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "invalidTitle": {
                "value": {
                  "type": "about:blank",
                  "title": "Unprocessable Content",
                  "status": 422,
                  "detail": "body.title: must NOT have fewer than 1 characters",
                  "code": "VALIDATION_FAILED",
                  "errors": [
                    {
                      "loc": [
                        "body",
                        "title"
                      ],
                      "msg": "must NOT have fewer than 1 characters",
                      "type": "minLength"
                    }
                  ]
                }
              }
            }
          },
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "fastapi": {
                "value": {
                  "detail": [
                    {
                      "loc": [
                        "body",
                        "title"
                      ],
                      "msg": "String should have at least 1 character",
                      "type": "string_too_short"
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "MisdirectedRequest": {
        "description": "A development server bound to loopback answers only the host names it is called by\n(localhost, *.localhost, 127.0.0.1, [::1], its bind address and `ALLOWED_HOSTS`): a foreign\n`Host` header, as a DNS-rebinding page sends, is refused before anything else is checked.\n",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "hostNotAllowed": {
                "value": {
                  "type": "about:blank",
                  "title": "Misdirected Request",
                  "status": 421,
                  "detail": "This server does not answer to that Host name",
                  "code": "HOST_NOT_ALLOWED"
                }
              }
            }
          }
        }
      },
      "InternalError": {
        "description": "An unexpected failure; the body never carries a stack trace.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "internal": {
                "value": {
                  "type": "about:blank",
                  "title": "Internal Server Error",
                  "status": 500,
                  "detail": "Internal server error",
                  "code": "INTERNAL_ERROR"
                }
              }
            }
          }
        }
      },
      "ServiceUnavailable": {
        "description": "The database is unreachable; retry later. Nothing was changed.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "examples": {
              "databaseDown": {
                "value": {
                  "type": "about:blank",
                  "title": "Service Unavailable",
                  "status": 503,
                  "detail": "Service temporarily unavailable",
                  "code": "SERVICE_UNAVAILABLE"
                }
              }
            }
          }
        }
      }
    },
    "examples": {
      "TaskOpen": {
        "summary": "An open task",
        "value": {
          "id": "3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12",
          "user_id": "user_alice",
          "title": "Buy milk",
          "description": "Two litres, semi-skimmed",
          "completed": false,
          "created_at": "2026-01-14T09:30:00.000Z",
          "updated_at": "2026-01-14T09:30:00.000Z"
        }
      },
      "TaskDone": {
        "summary": "A completed task",
        "value": {
          "id": "3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12",
          "user_id": "user_alice",
          "title": "Buy milk",
          "description": "Two litres, semi-skimmed",
          "completed": true,
          "created_at": "2026-01-14T09:30:00.000Z",
          "updated_at": "2026-01-14T10:05:12.345Z"
        }
      },
      "TaskListTasks": {
        "summary": "A user with tasks",
        "value": {
          "count": 2,
          "data": [
            {
              "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
              "user_id": "user_alice",
              "title": "Write report",
              "description": null,
              "completed": false,
              "created_at": "2026-01-14T11:00:00.000Z",
              "updated_at": "2026-01-14T11:00:00.000Z"
            },
            {
              "id": "3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12",
              "user_id": "user_alice",
              "title": "Buy milk",
              "description": "Two litres, semi-skimmed",
              "completed": true,
              "created_at": "2026-01-14T09:30:00.000Z",
              "updated_at": "2026-01-14T10:05:12.345Z"
            }
          ]
        }
      },
      "TaskListEmpty": {
        "summary": "A new user with no tasks",
        "value": {
          "count": 0,
          "data": []
        }
      }
    }
  }
}
