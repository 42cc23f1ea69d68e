// The OpenAPI 3.1 description of the server, served at /api/v1/openapi.json. docs/openapi.json is
// the source (edit it, then run Tools/embed_openapi.py); a test holds the two to the same text and to
// the router's routes, and openapi-spec-validator (PyPI) checks it.

enum OpenAPIDocument {
    static let json = #"""
        {
          "components": {
            "responses": {
              "Problem400": {
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                },
                "description": "Bad input, with located diagnostics"
              },
              "Problem401": {
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                },
                "description": "No or unknown bearer token"
              },
              "Problem403": {
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                },
                "description": "The token lacks the scope"
              },
              "Problem404": {
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                },
                "description": "Nothing with that id"
              },
              "Problem409": {
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                },
                "description": "Conflicts with what is recorded"
              },
              "Problem413": {
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                },
                "description": "Body too large"
              },
              "Problem422": {
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                },
                "description": "Cannot be planned"
              },
              "Problem500": {
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                },
                "description": "Internal error"
              },
              "Problem503": {
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                },
                "description": "Graphs not loaded, busy, or timed out"
              }
            },
            "schemas": {
              "Answer": {
                "properties": {
                  "answer": {
                    "enum": [
                      "received",
                      "completed",
                      "refused"
                    ],
                    "type": "string"
                  },
                  "reason": {
                    "type": "string"
                  }
                },
                "required": [
                  "answer"
                ],
                "type": "object"
              },
              "Diagnostic": {
                "properties": {
                  "article": {
                    "type": "string"
                  },
                  "column": {
                    "type": "integer"
                  },
                  "file": {
                    "type": "string"
                  },
                  "hint": {
                    "type": "string"
                  },
                  "line": {
                    "type": "integer"
                  },
                  "message": {
                    "type": "string"
                  },
                  "rule": {
                    "type": "string"
                  },
                  "severity": {
                    "enum": [
                      "error",
                      "warning",
                      "note"
                    ],
                    "type": "string"
                  }
                },
                "required": [
                  "rule",
                  "severity",
                  "message",
                  "file",
                  "line",
                  "column"
                ],
                "type": "object"
              },
              "ErasurePlan": {
                "description": "An erasure plan (plan=true), as docs/schemas/erasure-plan.schema.json describes it in full: one notice per holder with its action and legal reason",
                "properties": {
                  "controller": {
                    "type": "string"
                  },
                  "deadline": {
                    "type": "object"
                  },
                  "notices": {
                    "items": {
                      "type": "object"
                    },
                    "type": "array"
                  },
                  "request": {
                    "type": "string"
                  }
                },
                "required": [
                  "request",
                  "controller",
                  "deadline",
                  "notices"
                ],
                "type": "object"
              },
              "Event": {
                "properties": {
                  "at": {
                    "type": "string"
                  },
                  "detail": {
                    "type": "string"
                  },
                  "kind": {
                    "type": "string"
                  },
                  "notice_id": {
                    "type": "string"
                  },
                  "sequence": {
                    "type": "integer"
                  },
                  "state": {
                    "type": "string"
                  }
                },
                "required": [
                  "sequence",
                  "notice_id",
                  "at",
                  "kind",
                  "state"
                ],
                "type": "object"
              },
              "GraphSummary": {
                "properties": {
                  "contracts": {
                    "type": "integer"
                  },
                  "files": {
                    "items": {
                      "type": "string"
                    },
                    "type": "array"
                  },
                  "findings": {
                    "properties": {
                      "errors": {
                        "type": "integer"
                      },
                      "notes": {
                        "type": "integer"
                      },
                      "warnings": {
                        "type": "integer"
                      }
                    },
                    "type": "object"
                  },
                  "flows": {
                    "type": "integer"
                  },
                  "loaded_at": {
                    "type": "string"
                  },
                  "parties": {
                    "type": "integer"
                  },
                  "purposes": {
                    "type": "integer"
                  },
                  "version": {
                    "type": "integer"
                  }
                },
                "required": [
                  "version",
                  "files",
                  "parties",
                  "purposes",
                  "flows",
                  "contracts",
                  "findings"
                ],
                "type": "object"
              },
              "Health": {
                "properties": {
                  "graph": {
                    "properties": {
                      "files": {
                        "type": "integer"
                      },
                      "flows": {
                        "type": "integer"
                      },
                      "loaded_at": {
                        "type": "string"
                      },
                      "parties": {
                        "type": "integer"
                      },
                      "version": {
                        "type": "integer"
                      }
                    },
                    "type": "object"
                  },
                  "reload_errors": {
                    "items": {
                      "$ref": "#/components/schemas/Diagnostic"
                    },
                    "type": "array"
                  },
                  "status": {
                    "enum": [
                      "ok",
                      "degraded",
                      "unavailable"
                    ],
                    "type": "string"
                  },
                  "version": {
                    "type": "string"
                  }
                },
                "required": [
                  "status",
                  "version",
                  "reload_errors"
                ],
                "type": "object"
              },
              "Notice": {
                "properties": {
                  "action": {
                    "enum": [
                      "erase",
                      "restrict",
                      "instruct",
                      "inform",
                      "hold",
                      "no-notice",
                      "follow-up"
                    ],
                    "type": "string"
                  },
                  "attempts": {
                    "type": "integer"
                  },
                  "channel": {
                    "type": "string"
                  },
                  "channel_detail": {
                    "type": "string"
                  },
                  "deadline": {
                    "type": "string"
                  },
                  "duty": {
                    "description": "The legal duty a restriction or follow-up belongs to, when the recipient keeps data under several.",
                    "type": "string"
                  },
                  "id": {
                    "type": "string"
                  },
                  "not_before": {
                    "type": "string"
                  },
                  "parent_id": {
                    "type": "string"
                  },
                  "recipient": {
                    "type": "string"
                  },
                  "recipient_name": {
                    "type": "string"
                  },
                  "refusal_reason": {
                    "type": "string"
                  },
                  "request_id": {
                    "type": "string"
                  },
                  "restricted_until": {
                    "type": "string"
                  },
                  "role": {
                    "type": "string"
                  },
                  "state": {
                    "enum": [
                      "planned",
                      "sent",
                      "acknowledged",
                      "completed",
                      "refused",
                      "failed",
                      "exempt"
                    ],
                    "type": "string"
                  }
                },
                "required": [
                  "id",
                  "request_id",
                  "recipient",
                  "action",
                  "channel",
                  "state"
                ],
                "type": "object"
              },
              "OpenDSRAccepted": {
                "properties": {
                  "api_version": {
                    "type": "string"
                  },
                  "controller_id": {
                    "type": "string"
                  },
                  "encoded_request": {
                    "type": "string"
                  },
                  "expected_completion_time": {
                    "type": "string"
                  },
                  "received_time": {
                    "type": "string"
                  },
                  "subject_request_id": {
                    "type": "string"
                  }
                },
                "required": [
                  "controller_id",
                  "expected_completion_time",
                  "received_time",
                  "encoded_request",
                  "subject_request_id"
                ],
                "type": "object"
              },
              "OpenDSRDiscovery": {
                "properties": {
                  "api_version": {
                    "type": "string"
                  },
                  "processor_certificate": {
                    "type": "string"
                  },
                  "supported_identities": {
                    "items": {
                      "type": "object"
                    },
                    "type": "array"
                  },
                  "supported_subject_request_types": {
                    "items": {
                      "type": "string"
                    },
                    "type": "array"
                  }
                },
                "required": [
                  "api_version",
                  "supported_identities",
                  "supported_subject_request_types",
                  "processor_certificate"
                ],
                "type": "object"
              },
              "OpenDSRError": {
                "properties": {
                  "error": {
                    "properties": {
                      "code": {
                        "type": "integer"
                      },
                      "errors": {
                        "items": {
                          "type": "object"
                        },
                        "type": "array"
                      },
                      "message": {
                        "type": "string"
                      }
                    },
                    "required": [
                      "code"
                    ],
                    "type": "object"
                  }
                },
                "required": [
                  "error"
                ],
                "type": "object"
              },
              "OpenDSRIdentity": {
                "properties": {
                  "identity_format": {
                    "enum": [
                      "raw",
                      "sha1",
                      "md5",
                      "sha256"
                    ],
                    "type": "string"
                  },
                  "identity_type": {
                    "type": "string"
                  },
                  "identity_value": {
                    "type": "string"
                  }
                },
                "required": [
                  "identity_type",
                  "identity_value",
                  "identity_format"
                ],
                "type": "object"
              },
              "OpenDSRRequest": {
                "properties": {
                  "api_version": {
                    "type": "string"
                  },
                  "extensions": {
                    "type": "object"
                  },
                  "regulation": {
                    "type": "string"
                  },
                  "status_callback_urls": {
                    "items": {
                      "format": "uri",
                      "type": "string"
                    },
                    "type": "array"
                  },
                  "subject_identities": {
                    "items": {
                      "$ref": "#/components/schemas/OpenDSRIdentity"
                    },
                    "type": "array"
                  },
                  "subject_request_id": {
                    "format": "uuid",
                    "type": "string"
                  },
                  "subject_request_type": {
                    "enum": [
                      "erasure",
                      "access",
                      "portability"
                    ],
                    "type": "string"
                  },
                  "submitted_time": {
                    "format": "date-time",
                    "type": "string"
                  }
                },
                "required": [
                  "subject_request_id",
                  "subject_request_type",
                  "submitted_time"
                ],
                "type": "object"
              },
              "OpenDSRStatus": {
                "properties": {
                  "api_version": {
                    "type": "string"
                  },
                  "controller_id": {
                    "type": "string"
                  },
                  "expected_completion_time": {
                    "type": "string"
                  },
                  "request_status": {
                    "enum": [
                      "pending",
                      "in_progress",
                      "completed",
                      "cancelled"
                    ],
                    "type": "string"
                  },
                  "status_callback_url": {
                    "type": "string"
                  },
                  "subject_request_id": {
                    "type": "string"
                  }
                },
                "required": [
                  "controller_id",
                  "expected_completion_time",
                  "subject_request_id",
                  "request_status"
                ],
                "type": "object"
              },
              "Problem": {
                "description": "RFC 9457 problem details",
                "properties": {
                  "detail": {
                    "type": "string"
                  },
                  "diagnostics": {
                    "items": {
                      "$ref": "#/components/schemas/Diagnostic"
                    },
                    "type": "array"
                  },
                  "instance": {
                    "type": "string"
                  },
                  "status": {
                    "type": "integer"
                  },
                  "title": {
                    "type": "string"
                  },
                  "type": {
                    "type": "string"
                  }
                },
                "required": [
                  "type",
                  "title",
                  "status",
                  "detail",
                  "instance"
                ],
                "type": "object"
              },
              "Recorded": {
                "properties": {
                  "deadline": {
                    "format": "date",
                    "type": "string"
                  },
                  "notices": {
                    "type": "integer"
                  },
                  "recorded": {
                    "type": "boolean"
                  },
                  "request": {
                    "type": "string"
                  },
                  "status": {
                    "type": "string"
                  }
                },
                "required": [
                  "request",
                  "recorded",
                  "notices",
                  "deadline",
                  "status"
                ],
                "type": "object"
              },
              "RequestStatus": {
                "properties": {
                  "complete": {
                    "type": "boolean"
                  },
                  "notices": {
                    "items": {
                      "$ref": "#/components/schemas/Notice"
                    },
                    "type": "array"
                  },
                  "overdue": {
                    "items": {
                      "type": "string"
                    },
                    "type": "array"
                  },
                  "request": {
                    "type": "object"
                  }
                },
                "required": [
                  "request",
                  "notices",
                  "overdue",
                  "complete"
                ],
                "type": "object"
              }
            },
            "securitySchemes": {
              "bearer": {
                "description": "A token made with `sharegraph token`",
                "scheme": "bearer",
                "type": "http"
              }
            }
          },
          "info": {
            "description": "Who holds a person's data, why, until when, and who must hear of an erasure. Every route but /api/health and /opendsr/callbacks needs `Authorization: Bearer TOKEN` (see docs/SERVER.md).",
            "license": {
              "identifier": "LicenseRef-Proprietary",
              "name": "Proprietary"
            },
            "title": "Sharegraph",
            "version": "0.1.0"
          },
          "openapi": "3.1.0",
          "paths": {
            "/api/health": {
              "get": {
                "operationId": "health",
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Health"
                        }
                      }
                    },
                    "description": "Serving (status ok, or degraded when the last reload failed)"
                  },
                  "503": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Health"
                        }
                      }
                    },
                    "description": "No graph has loaded yet"
                  }
                },
                "security": [],
                "summary": "Whether the graphs are loaded, and the last reload's errors"
              }
            },
            "/api/v1/diagrams/subject": {
              "post": {
                "operationId": "subjectDiagram",
                "parameters": [
                  {
                    "description": "The day statuses are computed for (YYYY-MM-DD); default today.",
                    "in": "query",
                    "name": "as_of",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "Output format",
                    "in": "query",
                    "name": "format",
                    "required": false,
                    "schema": {
                      "default": "svg",
                      "enum": [
                        "svg",
                        "png",
                        "pdf",
                        "dot",
                        "mermaid"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "How much of each organisation is drawn",
                    "in": "query",
                    "name": "detail",
                    "required": false,
                    "schema": {
                      "default": "auto",
                      "enum": [
                        "auto",
                        "systems",
                        "organisations",
                        "groups"
                      ],
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object"
                      }
                    },
                    "application/yaml": {
                      "schema": {
                        "type": "string"
                      }
                    }
                  },
                  "description": "A subject, as in Samples/subjects/",
                  "required": true
                },
                "responses": {
                  "200": {
                    "content": {
                      "image/png": {
                        "schema": {
                          "contentMediaType": "image/png",
                          "type": "string"
                        }
                      },
                      "image/svg+xml": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "description": "The diagram"
                  },
                  "400": {
                    "$ref": "#/components/responses/Problem400"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "500": {
                    "$ref": "#/components/responses/Problem500"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "One person's paths through the map"
              }
            },
            "/api/v1/diagrams/{view}": {
              "get": {
                "operationId": "diagram",
                "parameters": [
                  {
                    "description": "overview, party, purpose or category",
                    "in": "path",
                    "name": "view",
                    "required": true,
                    "schema": {
                      "enum": [
                        "overview",
                        "party",
                        "purpose",
                        "category"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "The party, purpose or category (not for the overview)",
                    "in": "query",
                    "name": "id",
                    "required": false,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "description": "Output format",
                    "in": "query",
                    "name": "format",
                    "required": false,
                    "schema": {
                      "default": "svg",
                      "enum": [
                        "svg",
                        "png",
                        "pdf",
                        "dot",
                        "mermaid"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "How much of each organisation is drawn",
                    "in": "query",
                    "name": "detail",
                    "required": false,
                    "schema": {
                      "default": "auto",
                      "enum": [
                        "auto",
                        "systems",
                        "organisations",
                        "groups"
                      ],
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/pdf": {
                        "schema": {
                          "contentMediaType": "application/pdf",
                          "type": "string"
                        }
                      },
                      "image/png": {
                        "schema": {
                          "contentMediaType": "image/png",
                          "type": "string"
                        }
                      },
                      "image/svg+xml": {
                        "schema": {
                          "type": "string"
                        }
                      },
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      },
                      "text/vnd.graphviz": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "description": "The diagram"
                  },
                  "400": {
                    "$ref": "#/components/responses/Problem400"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem404"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "500": {
                    "$ref": "#/components/responses/Problem500"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "A diagram of the map or a focus"
              }
            },
            "/api/v1/erasure-requests": {
              "post": {
                "description": "The request is written as in Samples/requests/, with its subject inline. With plan=true nothing is recorded (read scope); otherwise the request and its notices are recorded once (write scope): the same request again answers 200, a different one under the same id 409.",
                "operationId": "erase",
                "parameters": [
                  {
                    "description": "true: plan only, record nothing",
                    "in": "query",
                    "name": "plan",
                    "required": false,
                    "schema": {
                      "default": "false",
                      "enum": [
                        "true",
                        "false"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "Where recipients report status (OpenDSR status_callback_urls)",
                    "in": "query",
                    "name": "callback_url",
                    "required": false,
                    "schema": {
                      "format": "uri",
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object"
                      }
                    },
                    "application/yaml": {
                      "schema": {
                        "type": "string"
                      }
                    }
                  },
                  "description": "An erasure request with its subject inline",
                  "required": true
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "oneOf": [
                            {
                              "$ref": "#/components/schemas/Recorded"
                            },
                            {
                              "$ref": "#/components/schemas/ErasurePlan"
                            }
                          ]
                        }
                      }
                    },
                    "description": "The plan (plan=true), or the request was already recorded with the same plan"
                  },
                  "201": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Recorded"
                        }
                      }
                    },
                    "description": "Recorded",
                    "headers": {
                      "Location": {
                        "description": "The request's status",
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/Problem400"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "409": {
                    "$ref": "#/components/responses/Problem409"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "422": {
                    "$ref": "#/components/responses/Problem422"
                  },
                  "500": {
                    "$ref": "#/components/responses/Problem500"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "Plan an erasure request, or plan and record it with its notices"
              }
            },
            "/api/v1/erasure-requests/{id}": {
              "get": {
                "operationId": "requestStatus",
                "parameters": [
                  {
                    "description": "The request id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "maxLength": 128,
                      "minLength": 1,
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/RequestStatus"
                        }
                      }
                    },
                    "description": "The request"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem404"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "500": {
                    "$ref": "#/components/responses/Problem500"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "A recorded request with its notices, overdue ones named"
              }
            },
            "/api/v1/erasure-requests/{id}/events": {
              "get": {
                "operationId": "requestEvents",
                "parameters": [
                  {
                    "description": "The request id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "maxLength": 128,
                      "minLength": 1,
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "items": {
                            "$ref": "#/components/schemas/Event"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "The events"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem404"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "500": {
                    "$ref": "#/components/responses/Problem500"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "The request's event log, oldest first"
              }
            },
            "/api/v1/graph": {
              "get": {
                "operationId": "graphSummary",
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/GraphSummary"
                        }
                      }
                    },
                    "description": "The summary"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "The loaded graph: files, counts and finding counts"
              }
            },
            "/api/v1/graph/findings": {
              "get": {
                "operationId": "findings",
                "parameters": [
                  {
                    "description": "json (sharegraph.check/1) or sarif (SARIF 2.1.0)",
                    "in": "query",
                    "name": "format",
                    "required": false,
                    "schema": {
                      "default": "json",
                      "enum": [
                        "json",
                        "sarif"
                      ],
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      },
                      "application/sarif+json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    },
                    "description": "The findings"
                  },
                  "400": {
                    "$ref": "#/components/responses/Problem400"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "Loader and lint findings, as `sharegraph check` gives them"
              }
            },
            "/api/v1/notices": {
              "get": {
                "operationId": "notices",
                "parameters": [
                  {
                    "description": "Only this request's",
                    "in": "query",
                    "name": "request",
                    "required": false,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "description": "Comma-separated states: planned, sent, acknowledged, completed, refused, failed, exempt",
                    "in": "query",
                    "name": "state",
                    "required": false,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "description": "true: only notices past their deadline and not final",
                    "in": "query",
                    "name": "overdue",
                    "required": false,
                    "schema": {
                      "enum": [
                        "true",
                        "false"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "The day statuses are computed for (YYYY-MM-DD); default today.",
                    "in": "query",
                    "name": "as_of",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "items": {
                            "$ref": "#/components/schemas/Notice"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "The notices"
                  },
                  "400": {
                    "$ref": "#/components/responses/Problem400"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "500": {
                    "$ref": "#/components/responses/Problem500"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "Notices across requests, as `sharegraph notices` lists them"
              }
            },
            "/api/v1/notices/{id}/ack": {
              "post": {
                "operationId": "acknowledge",
                "parameters": [
                  {
                    "description": "The notice id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "maxLength": 128,
                      "minLength": 1,
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Answer"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Notice"
                        }
                      }
                    },
                    "description": "The notice after the answer"
                  },
                  "400": {
                    "$ref": "#/components/responses/Problem400"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem404"
                  },
                  "409": {
                    "$ref": "#/components/responses/Problem409"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "500": {
                    "$ref": "#/components/responses/Problem500"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "Record a recipient's answer"
              }
            },
            "/api/v1/openapi.json": {
              "get": {
                "operationId": "openapi",
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    },
                    "description": "The OpenAPI document"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "This document"
              }
            },
            "/api/v1/recipients": {
              "get": {
                "operationId": "recipients",
                "parameters": [
                  {
                    "description": "A party id",
                    "in": "query",
                    "name": "party",
                    "required": false,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "description": "A category id",
                    "in": "query",
                    "name": "category",
                    "required": false,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    },
                    "description": "The recipients"
                  },
                  "400": {
                    "$ref": "#/components/responses/Problem400"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem404"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "What reaches a party, or where a category goes"
              }
            },
            "/api/v1/trace": {
              "post": {
                "operationId": "trace",
                "parameters": [
                  {
                    "description": "The day statuses are computed for (YYYY-MM-DD); default today.",
                    "in": "query",
                    "name": "as_of",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "json (sharegraph.trace/2), text (the table the CLI prints), md or html (the Art. 15 report)",
                    "in": "query",
                    "name": "format",
                    "required": false,
                    "schema": {
                      "default": "json",
                      "enum": [
                        "text",
                        "json",
                        "md",
                        "html"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "Language of the md and html reports",
                    "in": "query",
                    "name": "lang",
                    "required": false,
                    "schema": {
                      "default": "en",
                      "enum": [
                        "en",
                        "nb"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "Include the person's name and identifiers in the JSON",
                    "in": "query",
                    "name": "show_identifiers",
                    "required": false,
                    "schema": {
                      "default": "false",
                      "enum": [
                        "true",
                        "false"
                      ],
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object"
                      }
                    },
                    "application/yaml": {
                      "schema": {
                        "type": "string"
                      }
                    }
                  },
                  "description": "A subject, as in Samples/subjects/",
                  "required": true
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      },
                      "text/html": {
                        "schema": {
                          "type": "string"
                        }
                      },
                      "text/markdown": {
                        "schema": {
                          "type": "string"
                        }
                      },
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "description": "The trace"
                  },
                  "400": {
                    "$ref": "#/components/responses/Problem400"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "Trace one person (a subject file, as YAML or JSON)"
              }
            },
            "/opendsr/v1/callbacks": {
              "post": {
                "description": "Also answered at /opendsr/callbacks, /opendsr/opencompliance_callbacks, /opendsr/opengdpr_callbacks, /opendsr/v1/opencompliance_callbacks, /opendsr/v1/opengdpr_callbacks (see x-sharegraph-aliases).",
                "operationId": "openDSRCallback",
                "parameters": [
                  {
                    "description": "Base64 ECDSA P-256 signature of the body",
                    "in": "header",
                    "name": "X-OpenDSR-Signature",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "description": "The processor's domain",
                    "in": "header",
                    "name": "X-OpenDSR-Processor-Domain",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/OpenDSRStatus"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "204": {
                    "description": "Applied"
                  },
                  "400": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "Not a callback for this server"
                  },
                  "401": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "Unsigned"
                  },
                  "403": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "The signature does not verify"
                  },
                  "404": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "Unknown request, or OpenDSR is not enabled on this server"
                  },
                  "409": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "Replayed"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  }
                },
                "security": [],
                "summary": "A processor's signed status callback (authenticated by its signature, not a token)",
                "tags": [
                  "OpenDSR"
                ]
              }
            },
            "/opendsr/v1/discovery": {
              "get": {
                "operationId": "openDSRDiscovery",
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRDiscovery"
                        }
                      }
                    },
                    "description": "What this processor supports (signed)"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "OpenDSR is not enabled on this server"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "OpenDSR discovery",
                "tags": [
                  "OpenDSR"
                ]
              }
            },
            "/opendsr/v1/key.pem": {
              "get": {
                "operationId": "openDSRKey",
                "responses": {
                  "200": {
                    "content": {
                      "application/x-pem-file": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "description": "A P-256 public key in PEM"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "OpenDSR is not enabled on this server"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "The public key that signs this server's OpenDSR answers and callbacks",
                "tags": [
                  "OpenDSR"
                ]
              }
            },
            "/opendsr/v1/requests": {
              "post": {
                "description": "Also answered at /opendsr/opencompliance_requests, /opendsr/opengdpr_requests, /opendsr/requests, /opendsr/v1/opencompliance_requests, /opendsr/v1/opengdpr_requests (see x-sharegraph-aliases).",
                "operationId": "openDSRCreate",
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/OpenDSRRequest"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "201": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRAccepted"
                        }
                      }
                    },
                    "description": "Accepted (signed)"
                  },
                  "400": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "Not a valid request"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "OpenDSR is not enabled on this server"
                  },
                  "409": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "Another request under this id"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "422": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "This organisation's graph holds nothing for it"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "Receive an OpenDSR erasure request as processor (token scope opendsr=PARTY)",
                "tags": [
                  "OpenDSR"
                ]
              }
            },
            "/opendsr/v1/requests/{id}": {
              "delete": {
                "operationId": "openDSRCancel",
                "parameters": [
                  {
                    "description": "subject_request_id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "maxLength": 128,
                      "minLength": 1,
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "202": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    },
                    "description": "Cancelled"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "Unknown, or OpenDSR is not enabled on this server"
                  },
                  "409": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "No longer pending"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "Cancel a pending request (signed)",
                "tags": [
                  "OpenDSR"
                ]
              },
              "get": {
                "operationId": "openDSRStatus",
                "parameters": [
                  {
                    "description": "subject_request_id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "maxLength": 128,
                      "minLength": 1,
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRStatus"
                        }
                      }
                    },
                    "description": "The status"
                  },
                  "401": {
                    "$ref": "#/components/responses/Problem401"
                  },
                  "403": {
                    "$ref": "#/components/responses/Problem403"
                  },
                  "404": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenDSRError"
                        }
                      }
                    },
                    "description": "Unknown, or OpenDSR is not enabled on this server"
                  },
                  "413": {
                    "$ref": "#/components/responses/Problem413"
                  },
                  "503": {
                    "$ref": "#/components/responses/Problem503"
                  }
                },
                "summary": "A received request's status (signed)",
                "tags": [
                  "OpenDSR"
                ]
              }
            }
          },
          "security": [
            {
              "bearer": []
            }
          ],
          "servers": [
            {
              "url": "http://127.0.0.1:8080"
            }
          ],
          "x-sharegraph-aliases": {
            "description": "Paths the server also answers, each the same operation as the path it names: OpenDSR's earlier route names, which section 10.1 asks every party to honour, and the unversioned /opendsr paths of earlier Sharegraph releases. The versioned paths (section 3.4) are the ones to use.",
            "paths": {
              "/opendsr/callbacks": "/opendsr/v1/callbacks",
              "/opendsr/discovery": "/opendsr/v1/discovery",
              "/opendsr/key.pem": "/opendsr/v1/key.pem",
              "/opendsr/opencompliance_callbacks": "/opendsr/v1/callbacks",
              "/opendsr/opencompliance_requests": "/opendsr/v1/requests",
              "/opendsr/opencompliance_requests/{id}": "/opendsr/v1/requests/{id}",
              "/opendsr/opengdpr_callbacks": "/opendsr/v1/callbacks",
              "/opendsr/opengdpr_requests": "/opendsr/v1/requests",
              "/opendsr/opengdpr_requests/{id}": "/opendsr/v1/requests/{id}",
              "/opendsr/requests": "/opendsr/v1/requests",
              "/opendsr/requests/{id}": "/opendsr/v1/requests/{id}",
              "/opendsr/v1/opencompliance_callbacks": "/opendsr/v1/callbacks",
              "/opendsr/v1/opencompliance_requests": "/opendsr/v1/requests",
              "/opendsr/v1/opencompliance_requests/{id}": "/opendsr/v1/requests/{id}",
              "/opendsr/v1/opengdpr_callbacks": "/opendsr/v1/callbacks",
              "/opendsr/v1/opengdpr_requests": "/opendsr/v1/requests",
              "/opendsr/v1/opengdpr_requests/{id}": "/opendsr/v1/requests/{id}"
            }
          }
        }
        """#
}
