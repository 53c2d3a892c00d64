// The hub API's OpenAPI 3.1 document, as served at /openapi.json; docs/openapi.json is the
// same text (a test holds them equal). Both are written by scripts/make-openapi.
enum OpenAPI {
    static let document = #"""
        {
          "components": {
            "responses": {
              "BadRequest": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "A parameter is wrong; the error names it."
              },
              "Conflict": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "No model of the kind was in production then (the hub does not train one per request: train and promote one), or the hub lacks events a model needs."
              },
              "Forbidden": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "The token's user may not do this (an auditor reads, cannot train)."
              },
              "NotFound": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "No such figure, group or entity, or too little history."
              },
              "TooLarge": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "The body is larger than 64 KiB."
              },
              "TooManyRequests": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "Too many requests from this client: wait as Retry-After says.",
                "headers": {
                  "Retry-After": {
                    "schema": {
                      "type": "integer"
                    }
                  }
                }
              },
              "Unauthorized": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "No token, or one unknown, altered, expired or revoked.",
                "headers": {
                  "WWW-Authenticate": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "Unavailable": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "The database was busy, or the answer took longer than the hub's timeout (`hub serve --api-timeout`)."
              }
            },
            "schemas": {
              "Anomaly": {
                "properties": {
                  "kind": {
                    "type": "string"
                  },
                  "ms": {
                    "type": "integer"
                  },
                  "score": {
                    "type": "number"
                  },
                  "value": {
                    "type": "number"
                  },
                  "vehicle": {
                    "type": "string"
                  }
                },
                "required": [
                  "vehicle",
                  "kind",
                  "ms",
                  "value",
                  "score"
                ],
                "type": "object"
              },
              "Comparisons": {
                "items": {
                  "properties": {
                    "group": {
                      "type": "string"
                    },
                    "kpi": {
                      "type": "string"
                    },
                    "ownMean": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "ownZ": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "peerMax": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "peerMedian": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "peerMin": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "peers": {
                      "type": "number"
                    },
                    "rank": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "value": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "yearEarlier": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "yearOnYear": {
                      "type": [
                        "number",
                        "null"
                      ]
                    }
                  },
                  "required": [
                    "group",
                    "kpi",
                    "peers"
                  ],
                  "type": "object"
                },
                "type": "array"
              },
              "Error": {
                "properties": {
                  "error": {
                    "type": "string"
                  },
                  "event": {
                    "type": "string"
                  },
                  "rule": {
                    "type": "string"
                  }
                },
                "required": [
                  "error"
                ],
                "type": "object"
              },
              "Event": {
                "properties": {
                  "aggregate": {
                    "type": "string"
                  },
                  "causationID": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "correlationID": {
                    "type": "string"
                  },
                  "device": {
                    "type": "string"
                  },
                  "hash": {
                    "type": "string"
                  },
                  "hlc": {
                    "type": "string"
                  },
                  "id": {
                    "type": "string"
                  },
                  "payload": {
                    "type": "object"
                  },
                  "recordedAt": {
                    "type": "string"
                  },
                  "role": {
                    "type": "string"
                  },
                  "schemaVersion": {
                    "type": "number"
                  },
                  "seq": {
                    "type": "number"
                  },
                  "type": {
                    "type": "string"
                  },
                  "user": {
                    "type": "string"
                  },
                  "validTime": {
                    "type": "string"
                  }
                },
                "required": [
                  "id",
                  "type",
                  "aggregate",
                  "validTime",
                  "recordedAt",
                  "user",
                  "role",
                  "hash",
                  "payload"
                ],
                "type": "object"
              },
              "ExamTiming": {
                "properties": {
                  "day": {
                    "type": "integer"
                  },
                  "level": {
                    "type": "string"
                  },
                  "limitDay": {
                    "type": "integer"
                  },
                  "reason": {
                    "type": "string"
                  },
                  "risk": {
                    "type": "number"
                  },
                  "vehicle": {
                    "type": "string"
                  }
                },
                "required": [
                  "vehicle",
                  "level",
                  "day",
                  "limitDay",
                  "reason",
                  "risk"
                ],
                "type": "object"
              },
              "Explanation": {
                "properties": {
                  "evidence": {
                    "items": {
                      "properties": {
                        "at": {
                          "type": "string"
                        },
                        "events": {
                          "items": {
                            "type": "string"
                          },
                          "type": "array"
                        },
                        "measures": {
                          "type": "object"
                        },
                        "subject": {
                          "type": "string"
                        },
                        "text": {
                          "type": "string"
                        }
                      },
                      "required": [
                        "at",
                        "subject",
                        "text",
                        "events"
                      ],
                      "type": "object"
                    },
                    "type": "array"
                  },
                  "from": {
                    "type": "string"
                  },
                  "group": {
                    "type": "string"
                  },
                  "kpi": {
                    "type": "string"
                  },
                  "measures": {
                    "type": "object"
                  },
                  "to": {
                    "type": "string"
                  },
                  "value": {
                    "type": [
                      "number",
                      "null"
                    ]
                  }
                },
                "required": [
                  "kpi",
                  "group",
                  "from",
                  "to",
                  "value",
                  "measures",
                  "evidence"
                ],
                "type": "object"
              },
              "Forecasts": {
                "items": {
                  "properties": {
                    "from": {
                      "type": "string"
                    },
                    "group": {
                      "type": "string"
                    },
                    "kpi": {
                      "type": "string"
                    },
                    "lower80": {
                      "type": "number"
                    },
                    "lower95": {
                      "type": "number"
                    },
                    "method": {
                      "type": "string"
                    },
                    "months": {
                      "type": "number"
                    },
                    "to": {
                      "type": "string"
                    },
                    "upper80": {
                      "type": "number"
                    },
                    "upper95": {
                      "type": "number"
                    },
                    "value": {
                      "type": "number"
                    }
                  },
                  "required": [
                    "group",
                    "kpi",
                    "months",
                    "value",
                    "lower80",
                    "upper80",
                    "lower95",
                    "upper95"
                  ],
                  "type": "object"
                },
                "type": "array"
              },
              "Integrity": {
                "properties": {
                  "devices": {
                    "items": {
                      "type": "object"
                    },
                    "type": "array"
                  },
                  "problems": {
                    "items": {
                      "type": "object"
                    },
                    "type": "array"
                  }
                },
                "required": [
                  "devices",
                  "problems"
                ],
                "type": "object"
              },
              "KPIRows": {
                "items": {
                  "properties": {
                    "availability": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "backlog": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "backlogAgeDays": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "bookedHours": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "cost": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "costPer1000Km": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "daysOfCover": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "daysOutOfStock": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "examCompliance": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "examsDue": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "examsOnTime": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "failures": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "from": {
                      "format": "date-time",
                      "type": "string"
                    },
                    "group": {
                      "type": "string"
                    },
                    "hoursPerOrder": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "kmRun": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "labourCost": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "mdbfKm": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "mtbfDays": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "mttrHours": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "ordersCompleted": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "overdueExams": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "partsAtReorder": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "partsCost": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "period": {
                      "type": "string"
                    },
                    "preventiveShare": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "repairs": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "repeatDefects": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "to": {
                      "format": "date-time",
                      "type": "string"
                    },
                    "turnaroundHours": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "vehicleHours": {
                      "type": [
                        "number",
                        "null"
                      ]
                    }
                  },
                  "required": [
                    "group",
                    "from",
                    "to",
                    "period"
                  ],
                  "type": "object"
                },
                "type": "array"
              },
              "Model": {
                "properties": {
                  "algorithm": {
                    "type": "string"
                  },
                  "digest": {
                    "type": "string"
                  },
                  "knownEvents": {
                    "type": "object"
                  },
                  "metrics": {
                    "type": "object"
                  },
                  "name": {
                    "type": "string"
                  },
                  "parameters": {
                    "type": "object"
                  },
                  "seed": {
                    "type": "integer"
                  },
                  "stage": {
                    "enum": [
                      "candidate",
                      "production",
                      "archived"
                    ],
                    "type": "string"
                  },
                  "trainedBy": {
                    "type": "string"
                  },
                  "version": {
                    "type": "string"
                  },
                  "windowEnd": {
                    "type": "string"
                  }
                },
                "required": [
                  "name",
                  "version",
                  "stage",
                  "algorithm",
                  "digest",
                  "metrics"
                ],
                "type": "object"
              },
              "PartsForecast": {
                "properties": {
                  "model": {
                    "type": "string"
                  },
                  "parts": {
                    "items": {
                      "properties": {
                        "forecast": {
                          "items": {
                            "type": "object"
                          },
                          "type": "array"
                        },
                        "method": {
                          "type": "string"
                        },
                        "part": {
                          "type": "string"
                        },
                        "partNumber": {
                          "type": "string"
                        }
                      },
                      "required": [
                        "part",
                        "partNumber",
                        "method",
                        "forecast"
                      ],
                      "type": "object"
                    },
                    "type": "array"
                  }
                },
                "required": [
                  "model",
                  "parts"
                ],
                "type": "object"
              },
              "Prediction": {
                "properties": {
                  "atMs": {
                    "type": "integer"
                  },
                  "horizons": {
                    "items": {
                      "properties": {
                        "days": {
                          "type": "integer"
                        },
                        "probability": {
                          "type": "number"
                        },
                        "reasons": {
                          "items": {
                            "type": "object"
                          },
                          "type": "array"
                        }
                      },
                      "required": [
                        "days",
                        "probability",
                        "reasons"
                      ],
                      "type": "object"
                    },
                    "type": "array"
                  },
                  "model": {
                    "type": "string"
                  },
                  "trainingSamples": {
                    "type": "integer"
                  },
                  "vehicle": {
                    "type": "string"
                  }
                },
                "required": [
                  "vehicle",
                  "atMs",
                  "horizons",
                  "model"
                ],
                "type": "object"
              },
              "State": {
                "properties": {
                  "aggregate": {
                    "type": "string"
                  },
                  "asOf": {
                    "type": "string"
                  },
                  "fields": {
                    "items": {
                      "type": "object"
                    },
                    "type": "array"
                  },
                  "lastValidTime": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "version": {
                    "type": "number"
                  }
                },
                "required": [
                  "aggregate",
                  "asOf",
                  "version",
                  "fields"
                ],
                "type": "object"
              },
              "Trends": {
                "items": {
                  "properties": {
                    "direction": {
                      "enum": [
                        "improving",
                        "declining",
                        "stable",
                        "rising",
                        "falling"
                      ],
                      "type": "string"
                    },
                    "first": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "from": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "group": {
                      "type": "string"
                    },
                    "kpi": {
                      "type": "string"
                    },
                    "last": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "method": {
                      "type": "string"
                    },
                    "months": {
                      "type": "number"
                    },
                    "p": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "s": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "senSlopePerMonth": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "to": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "z": {
                      "type": [
                        "number",
                        "null"
                      ]
                    }
                  },
                  "required": [
                    "group",
                    "kpi",
                    "months",
                    "direction"
                  ],
                  "type": "object"
                },
                "type": "array"
              }
            },
            "securitySchemes": {
              "token": {
                "description": "An API token: rft_ID_SECRET.",
                "scheme": "bearer",
                "type": "http"
              }
            }
          },
          "info": {
            "description": "The hub's API for systems that are not devices: every answer is read from the hub's replica of the fleet, behind an API token an admin issues per user (`railfleet hub token create`). Devices sync through the signed endpoints under /sync (docs/SYNC.md).",
            "title": "RailFleet hub API",
            "version": "1"
          },
          "openapi": "3.1.0",
          "paths": {
            "/api/v1/analytics/benchmark/workshops": {
              "get": {
                "operationId": "benchmarkWorkshops",
                "parameters": [
                  {
                    "description": "As of this UTC time: only what the hub's replica held then counts. Default: now.",
                    "in": "query",
                    "name": "at",
                    "required": false,
                    "schema": {
                      "format": "date-time",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The first day (YYYY-MM-DD).",
                    "in": "query",
                    "name": "from",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The day after the last (exclusive, YYYY-MM-DD).",
                    "in": "query",
                    "name": "to",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "Rows per group.",
                    "in": "query",
                    "name": "by",
                    "required": false,
                    "schema": {
                      "enum": [
                        "fleet",
                        "class",
                        "depot",
                        "vehicle",
                        "workshop",
                        "part"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "Figures, comma-separated (docs/ANALYTICS.md).",
                    "in": "query",
                    "name": "kpi",
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
                          "$ref": "#/components/schemas/Comparisons"
                        }
                      }
                    },
                    "description": "As `railfleet report compare --by workshop --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "Each workshop against a year earlier, its own months and its peers."
              }
            },
            "/api/v1/analytics/drilldown/{metric}": {
              "get": {
                "operationId": "drilldown",
                "parameters": [
                  {
                    "description": "The figure.",
                    "in": "path",
                    "name": "metric",
                    "required": true,
                    "schema": {
                      "enum": [
                        "vehicleHours",
                        "availability",
                        "kmRun",
                        "failures",
                        "mdbfKm",
                        "mtbfDays",
                        "repairs",
                        "mttrHours",
                        "labourCost",
                        "partsCost",
                        "cost",
                        "costPer1000Km",
                        "bookedHours",
                        "preventiveShare",
                        "examsDue",
                        "examsOnTime",
                        "examCompliance",
                        "overdueExams",
                        "backlog",
                        "backlogAgeDays",
                        "repeatDefects",
                        "ordersCompleted",
                        "turnaroundHours",
                        "hoursPerOrder",
                        "daysOutOfStock",
                        "daysOfCover",
                        "partsAtReorder"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "As of this UTC time: only what the hub's replica held then counts. Default: now.",
                    "in": "query",
                    "name": "at",
                    "required": false,
                    "schema": {
                      "format": "date-time",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The first day (YYYY-MM-DD).",
                    "in": "query",
                    "name": "from",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The day after the last (exclusive, YYYY-MM-DD).",
                    "in": "query",
                    "name": "to",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "Rows per group.",
                    "in": "query",
                    "name": "by",
                    "required": false,
                    "schema": {
                      "enum": [
                        "fleet",
                        "class",
                        "depot",
                        "vehicle",
                        "workshop",
                        "part"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "The group's name (not for by=fleet).",
                    "in": "query",
                    "name": "group",
                    "required": false,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "description": "2026-03, 2026-W11, 2026-03-14 or DAY..DAY.",
                    "in": "query",
                    "name": "period",
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
                          "$ref": "#/components/schemas/Explanation"
                        }
                      }
                    },
                    "description": "As `railfleet report explain METRIC --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "The events behind one group's figure over one period."
              }
            },
            "/api/v1/analytics/forecast/costs": {
              "get": {
                "operationId": "forecastCosts",
                "parameters": [
                  {
                    "description": "As of this UTC time: only what the hub's replica held then counts. Default: now.",
                    "in": "query",
                    "name": "at",
                    "required": false,
                    "schema": {
                      "format": "date-time",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The first day (YYYY-MM-DD).",
                    "in": "query",
                    "name": "from",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The day after the last (exclusive, YYYY-MM-DD).",
                    "in": "query",
                    "name": "to",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "Rows per group.",
                    "in": "query",
                    "name": "by",
                    "required": false,
                    "schema": {
                      "enum": [
                        "fleet",
                        "class",
                        "depot",
                        "vehicle",
                        "workshop",
                        "part"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "Figures, comma-separated (docs/ANALYTICS.md).",
                    "in": "query",
                    "name": "kpi",
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
                          "$ref": "#/components/schemas/Forecasts"
                        }
                      }
                    },
                    "description": "As `railfleet report forecast --kpi cost --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "Costs for the next 3, 6 and 12 months with 80 % and 95 % bands."
              }
            },
            "/api/v1/analytics/kpi": {
              "get": {
                "operationId": "kpi",
                "parameters": [
                  {
                    "description": "As of this UTC time: only what the hub's replica held then counts. Default: now.",
                    "in": "query",
                    "name": "at",
                    "required": false,
                    "schema": {
                      "format": "date-time",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The first day (YYYY-MM-DD).",
                    "in": "query",
                    "name": "from",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The day after the last (exclusive, YYYY-MM-DD).",
                    "in": "query",
                    "name": "to",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "Rows per group.",
                    "in": "query",
                    "name": "by",
                    "required": false,
                    "schema": {
                      "enum": [
                        "fleet",
                        "class",
                        "depot",
                        "vehicle",
                        "workshop",
                        "part"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "One row per group for each day, week or month.",
                    "in": "query",
                    "name": "period",
                    "required": false,
                    "schema": {
                      "enum": [
                        "day",
                        "week",
                        "month"
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
                          "$ref": "#/components/schemas/KPIRows"
                        }
                      }
                    },
                    "description": "As `railfleet report kpi --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "Every figure by group and period."
              }
            },
            "/api/v1/analytics/trends/fleet": {
              "get": {
                "operationId": "trendsFleet",
                "parameters": [
                  {
                    "description": "As of this UTC time: only what the hub's replica held then counts. Default: now.",
                    "in": "query",
                    "name": "at",
                    "required": false,
                    "schema": {
                      "format": "date-time",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The first day (YYYY-MM-DD).",
                    "in": "query",
                    "name": "from",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The day after the last (exclusive, YYYY-MM-DD).",
                    "in": "query",
                    "name": "to",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "Rows per group.",
                    "in": "query",
                    "name": "by",
                    "required": false,
                    "schema": {
                      "enum": [
                        "fleet",
                        "class",
                        "depot",
                        "vehicle",
                        "workshop",
                        "part"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "Figures, comma-separated (docs/ANALYTICS.md).",
                    "in": "query",
                    "name": "kpi",
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
                          "$ref": "#/components/schemas/Trends"
                        }
                      }
                    },
                    "description": "As `railfleet report trends --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "The figures month by month and their trends."
              }
            },
            "/api/v1/analytics/trends/maintenance": {
              "get": {
                "operationId": "trendsMaintenance",
                "parameters": [
                  {
                    "description": "As of this UTC time: only what the hub's replica held then counts. Default: now.",
                    "in": "query",
                    "name": "at",
                    "required": false,
                    "schema": {
                      "format": "date-time",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The first day (YYYY-MM-DD).",
                    "in": "query",
                    "name": "from",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "The day after the last (exclusive, YYYY-MM-DD).",
                    "in": "query",
                    "name": "to",
                    "required": false,
                    "schema": {
                      "format": "date",
                      "type": "string"
                    }
                  },
                  {
                    "description": "Rows per group.",
                    "in": "query",
                    "name": "by",
                    "required": false,
                    "schema": {
                      "enum": [
                        "fleet",
                        "class",
                        "depot",
                        "vehicle",
                        "workshop",
                        "part"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "Figures, comma-separated (docs/ANALYTICS.md).",
                    "in": "query",
                    "name": "kpi",
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
                          "$ref": "#/components/schemas/Trends"
                        }
                      }
                    },
                    "description": "As `railfleet report trends --kpi … --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "The maintenance figures' trends: MTTR, turnaround, hours per order, backlog and its age, preventive share, exam compliance, overdue exams, repeat defects, cost."
              }
            },
            "/api/v1/audit/fleet": {
              "get": {
                "operationId": "auditFleet",
                "parameters": [
                  {
                    "description": "As of this UTC time: only what the hub's replica held then counts. Default: now.",
                    "in": "query",
                    "name": "at",
                    "required": false,
                    "schema": {
                      "format": "date-time",
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
                            "type": "object"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "As `railfleet audit fleet --at T --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "The whole fleet as it was at a time."
              }
            },
            "/api/v1/audit/state/{id}": {
              "get": {
                "operationId": "auditState",
                "parameters": [
                  {
                    "description": "Its id.",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "description": "As of this UTC time: only what the hub's replica held then counts. Default: now.",
                    "in": "query",
                    "name": "at",
                    "required": false,
                    "schema": {
                      "format": "date-time",
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/State"
                        }
                      }
                    },
                    "description": "As `railfleet audit state ID --at T --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "An entity's state as of a time."
              }
            },
            "/api/v1/audit/trail/{kind}/{id}": {
              "get": {
                "operationId": "auditTrail",
                "parameters": [
                  {
                    "description": "The kind of entity.",
                    "in": "path",
                    "name": "kind",
                    "required": true,
                    "schema": {
                      "enum": [
                        "vehicle",
                        "work-order",
                        "part",
                        "defect",
                        "user",
                        "workshop",
                        "device",
                        "exam-plan",
                        "model"
                      ],
                      "type": "string"
                    }
                  },
                  {
                    "description": "Its id.",
                    "in": "path",
                    "name": "id",
                    "required": true,
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
                          "items": {
                            "$ref": "#/components/schemas/Event"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "As `railfleet audit trail KIND ID --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "Every event of one entity, in valid-time order, with both times."
              }
            },
            "/api/v1/audit/verify": {
              "get": {
                "operationId": "auditVerify",
                "parameters": [],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Integrity"
                        }
                      }
                    },
                    "description": "As `railfleet audit verify --full --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "Every device's chain and signed heads verified from the first event: what is altered, missing or unsigned."
              }
            },
            "/api/v1/ml/detect/anomaly": {
              "post": {
                "operationId": "detectAnomalies",
                "parameters": [],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "properties": {
                          "at": {
                            "description": "As of this UTC time.",
                            "format": "date-time",
                            "type": "string"
                          }
                        },
                        "type": "object"
                      }
                    }
                  },
                  "required": false
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "items": {
                            "$ref": "#/components/schemas/Anomaly"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "As `railfleet ml anomalies --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "Odometer readings and failure rates that stand out."
              }
            },
            "/api/v1/ml/forecast/parts": {
              "get": {
                "operationId": "forecastParts",
                "parameters": [
                  {
                    "description": "As of this UTC time: only what the hub's replica held then counts. Default: now.",
                    "in": "query",
                    "name": "at",
                    "required": false,
                    "schema": {
                      "format": "date-time",
                      "type": "string"
                    }
                  },
                  {
                    "description": "One part's id.",
                    "in": "query",
                    "name": "part",
                    "required": false,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "description": "Months ahead, 1–36 (default 6).",
                    "in": "query",
                    "name": "months",
                    "required": false,
                    "schema": {
                      "maximum": 36,
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PartsForecast"
                        }
                      }
                    },
                    "description": "As `railfleet ml forecast parts --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "Each part's monthly use for the coming months, with 80 % and 95 % intervals."
              }
            },
            "/api/v1/ml/models": {
              "get": {
                "operationId": "models",
                "parameters": [
                  {
                    "description": "One kind.",
                    "in": "query",
                    "name": "model",
                    "required": false,
                    "schema": {
                      "enum": [
                        "failure",
                        "parts",
                        "anomaly"
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
                          "items": {
                            "$ref": "#/components/schemas/Model"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "As `railfleet ml models --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "The hub's registry: every model, its stage and backtest figures."
              }
            },
            "/api/v1/ml/models/{id}": {
              "get": {
                "operationId": "model",
                "parameters": [
                  {
                    "description": "The version.",
                    "in": "path",
                    "name": "id",
                    "required": true,
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
                          "$ref": "#/components/schemas/Model"
                        }
                      }
                    },
                    "description": "As `railfleet ml models --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "One model by its version or the version's first digits."
              }
            },
            "/api/v1/ml/predict/failure": {
              "post": {
                "operationId": "predictFailure",
                "parameters": [],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "properties": {
                          "at": {
                            "description": "As of this UTC time; default: now.",
                            "format": "date-time",
                            "type": "string"
                          },
                          "vehicle": {
                            "description": "The vehicle's id.",
                            "type": "string"
                          }
                        },
                        "required": [
                          "vehicle"
                        ],
                        "type": "object"
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
                          "$ref": "#/components/schemas/Prediction"
                        }
                      }
                    },
                    "description": "As `railfleet ml predict failure --vehicle ID --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "A vehicle's chance of failing within 30, 60 and 90 days, with the features behind it; written to the hub's prediction log as made by the token's user."
              }
            },
            "/api/v1/ml/predict/maintenance": {
              "post": {
                "operationId": "predictMaintenance",
                "parameters": [],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "properties": {
                          "at": {
                            "description": "As of this UTC time; default: now.",
                            "format": "date-time",
                            "type": "string"
                          },
                          "vehicle": {
                            "description": "The vehicle's id.",
                            "type": "string"
                          }
                        },
                        "required": [
                          "vehicle"
                        ],
                        "type": "object"
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
                          "$ref": "#/components/schemas/ExamTiming"
                        }
                      }
                    },
                    "description": "As `railfleet ml predict exam --vehicle ID --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "When the vehicle should next see the workshop for its most frequent exam."
              }
            },
            "/api/v1/ml/train": {
              "post": {
                "operationId": "train",
                "parameters": [],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "properties": {
                          "at": {
                            "format": "date-time",
                            "type": "string"
                          },
                          "iterations": {
                            "type": "integer"
                          },
                          "leaves": {
                            "type": "integer"
                          },
                          "model": {
                            "enum": [
                              "failure",
                              "parts",
                              "anomaly"
                            ],
                            "type": "string"
                          },
                          "seed": {
                            "type": "integer"
                          },
                          "stepDays": {
                            "type": "integer"
                          }
                        },
                        "type": "object"
                      }
                    }
                  },
                  "required": false
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Model"
                        }
                      }
                    },
                    "description": "As `railfleet ml train --json` prints it for the same replica."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                },
                "security": [
                  {
                    "token": []
                  }
                ],
                "summary": "Train a candidate on the hub's replica and keep it in the hub's registry (planners and admins)."
              }
            },
            "/healthz": {
              "get": {
                "operationId": "health",
                "responses": {
                  "200": {
                    "content": {
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "description": "ok"
                  }
                },
                "security": [],
                "summary": "Whether the hub runs."
              }
            },
            "/openapi.json": {
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
                    "description": "The OpenAPI 3.1 document."
                  }
                },
                "security": [],
                "summary": "This document."
              }
            }
          }
        }
        """#
}
