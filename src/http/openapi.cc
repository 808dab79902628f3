#include "src/http/openapi.h"

#include <nlohmann/json.hpp>

#include "src/core/version.h"

namespace assay::http {
namespace {

constexpr const char* kDocument = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "assay",
    "summary": "Verification sandbox for artefacts written by language models",
    "description": "Validates SQL, Rego, Python and dbt artefacts: parse, check, run in a sandbox, and answer with structured errors and a quality score.",
    "version": "VERSION"
  },
  "paths": {
    "/v1/validate": {
      "post": {
        "summary": "Validate one artefact (one or more files of one kind)",
        "operationId": "validate",
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidateRequest"}}}
        },
        "responses": {
          "200": {
            "description": "The validation ran; the verdict says whether the artefact is right. With options.format sarif the body is SARIF 2.1.0, with text it is one line per finding.",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/ValidationResult"}},
              "application/sarif+json": {"schema": {"type": "object", "required": ["version", "runs"]}},
              "text/plain": {"schema": {"type": "string"}}
            }
          },
          "400": {"$ref": "#/components/responses/Error"},
          "405": {"$ref": "#/components/responses/Error"},
          "408": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/validators": {
      "get": {
        "summary": "The validators this assay has, with their kinds, file patterns, dialects and stages",
        "operationId": "listValidators",
        "responses": {
          "200": {"description": "The validator table",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidatorList"}}}},
          "405": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/environments": {
      "get": {
        "summary": "The virtual test environments artefacts may run against, with their tables and columns",
        "operationId": "listEnvironments",
        "responses": {
          "200": {"description": "The environments, by name",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EnvironmentList"}}}},
          "405": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/environments/{name}": {
      "get": {
        "summary": "One virtual test environment, with the row count of each table",
        "operationId": "getEnvironment",
        "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The environment",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EnvironmentDetail"}}}},
          "404": {"$ref": "#/components/responses/Error"},
          "405": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/healthz": {
      "get": {
        "summary": "Liveness",
        "operationId": "health",
        "responses": {
          "200": {"description": "The service is up",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
          "405": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "operationId": "openapi",
        "responses": {
          "200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object"}}}},
          "405": {"$ref": "#/components/responses/Error"}
        }
      }
    }
  },
  "components": {
    "responses": {
      "Error": {
        "description": "A request assay refuses; the body names the reason",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
      }
    },
    "schemas": {
      "ValidateRequest": {
        "type": "object",
        "required": ["kind", "files"],
        "properties": {
          "kind": {"type": "string", "minLength": 1, "description": "sql, rego, python, dbt (see GET /v1/validators)"},
          "files": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"$ref": "#/components/schemas/File"}},
          "dialect": {"type": "string", "description": "sql: postgres (default) or sqlite; rego: v1 (default) or v0"},
          "environment": {
            "description": "A named virtual test environment, or an inline one",
            "oneOf": [
              {"type": "string", "minLength": 1},
              {"type": "object", "properties": {"schema": {"type": "string"}, "rows": {"type": "object"}}},
              {"type": "null"}
            ]
          },
          "expect": {
            "type": ["object", "null"],
            "description": "What a right artefact does; kind-specific. rego: {query, input, data, result, test_filter, strict_builtin_errors}: the query is evaluated in the sandbox and compared with result (the list of binding objects as OPA's want_result, or, for a query without variables, its value); with no query the modules' test_ rules run as opa test runs them (test_filter: a regular expression over data.pkg.name)."
          },
          "trail": {"type": ["object", "null"], "description": "The coordinator's task trail"},
          "options": {
            "type": ["object", "null"],
            "properties": {
              "timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000},
              "stages": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/StageName"}},
              "format": {"type": "string", "enum": ["json", "sarif", "text"]}
            }
          }
        }
      },
      "File": {
        "type": "object",
        "required": ["path", "content"],
        "properties": {
          "path": {"type": "string", "minLength": 1, "maxLength": 4096},
          "content": {"type": "string"}
        }
      },
      "StageName": {"type": "string", "enum": ["parse", "check", "run"]},
      "Location": {
        "type": "object",
        "required": ["file", "row", "col"],
        "properties": {
          "file": {"type": "string"},
          "row": {"type": "integer", "minimum": 1},
          "col": {"type": "integer", "minimum": 1, "description": "1-based, in Unicode characters"}
        }
      },
      "Diagnostic": {
        "type": "object",
        "required": ["code", "message", "severity"],
        "properties": {
          "code": {"type": "string"},
          "message": {"type": "string"},
          "location": {"$ref": "#/components/schemas/Location"},
          "severity": {"type": "string", "enum": ["error", "warning", "info"]},
          "stage": {"$ref": "#/components/schemas/StageName"},
          "validator": {"type": "string"}
        }
      },
      "StageResult": {
        "type": "object",
        "required": ["name", "status", "duration_ms"],
        "properties": {
          "name": {"$ref": "#/components/schemas/StageName"},
          "status": {"type": "string", "enum": ["pass", "fail", "skipped", "error"]},
          "duration_ms": {"type": "number", "minimum": 0},
          "reason": {"type": "string"}
        }
      },
      "TestCase": {
        "type": "object",
        "required": ["name", "status", "message", "duration_ms"],
        "properties": {
          "name": {"type": "string"},
          "status": {"type": "string", "enum": ["pass", "fail", "error", "skip"]},
          "message": {"type": "string"},
          "location": {"$ref": "#/components/schemas/Location"},
          "duration_ms": {"type": "number", "minimum": 0}
        }
      },
      "ValidationResult": {
        "type": "object",
        "required": ["validation_id", "kind", "validator", "verdict", "score", "score_version",
                     "duration_ms", "stages", "errors", "tests", "sandbox"],
        "properties": {
          "validation_id": {"type": "string"},
          "kind": {"type": "string"},
          "validator": {
            "type": "object",
            "required": ["name", "version"],
            "properties": {"name": {"type": "string"}, "version": {"type": "string"}}
          },
          "verdict": {"type": "string", "enum": ["pass", "fail", "error"]},
          "score": {"type": "number", "minimum": 0, "maximum": 1},
          "score_version": {"type": "integer"},
          "duration_ms": {"type": "number", "minimum": 0},
          "stages": {"type": "array", "items": {"$ref": "#/components/schemas/StageResult"}},
          "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Diagnostic"}},
          "tests": {
            "type": "object",
            "required": ["passed", "failed", "results"],
            "properties": {
              "passed": {"type": "integer", "minimum": 0},
              "failed": {"type": "integer", "minimum": 0},
              "results": {"type": "array", "items": {"$ref": "#/components/schemas/TestCase"}}
            }
          },
          "sandbox": {
            "type": "object",
            "required": ["wall_ms", "cpu_ms", "max_rss_kb", "exit_code", "signal", "violation"],
            "properties": {
              "wall_ms": {"type": "number", "minimum": 0},
              "cpu_ms": {"type": "number", "minimum": 0},
              "max_rss_kb": {"type": "integer", "minimum": 0},
              "exit_code": {"type": ["integer", "null"]},
              "signal": {"type": ["integer", "null"]},
              "violation": {"type": ["string", "null"]}
            }
          }
        }
      },
      "ErrorBody": {
        "type": "object",
        "required": ["errors", "request_id"],
        "properties": {
          "errors": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Diagnostic"}},
          "request_id": {"type": "string"}
        }
      },
      "ValidatorList": {
        "type": "object",
        "required": ["validators"],
        "properties": {
          "validators": {
            "type": "array",
            "items": {
              "type": "object",
              "required": ["name", "version", "description", "kinds", "file_patterns", "dialects", "stages"],
              "properties": {
                "name": {"type": "string"},
                "version": {"type": "string"},
                "description": {"type": "string"},
                "kinds": {"type": "array", "items": {"type": "string"}},
                "file_patterns": {"type": "array", "items": {"type": "string"}},
                "dialects": {"type": "array", "items": {"type": "string"}},
                "stages": {"type": "array", "items": {"$ref": "#/components/schemas/StageName"}}
              }
            }
          }
        }
      },
      "EnvironmentColumn": {
        "type": "object",
        "required": ["name", "type", "kind", "not_null"],
        "properties": {
          "name": {"type": "string"},
          "type": {"type": "string", "description": "as PostgreSQL names it: int4, float8, varchar, date, ..."},
          "kind": {"type": "string", "enum": ["integer", "real", "text", "boolean", "date", "timestamp"]},
          "not_null": {"type": "boolean"}
        }
      },
      "EnvironmentTable": {
        "type": "object",
        "required": ["name", "columns"],
        "properties": {
          "name": {"type": "string"},
          "columns": {"type": "array", "items": {"$ref": "#/components/schemas/EnvironmentColumn"}},
          "rows": {"type": "integer", "minimum": 0, "description": "row count (in the detail view)"}
        }
      },
      "EnvironmentSummary": {
        "type": "object",
        "required": ["name", "description", "tables"],
        "properties": {
          "name": {"type": "string"},
          "description": {"type": "string"},
          "tables": {"type": "array", "items": {"$ref": "#/components/schemas/EnvironmentTable"}}
        }
      },
      "EnvironmentList": {
        "type": "object",
        "required": ["environments"],
        "properties": {
          "environments": {"type": "array", "items": {"$ref": "#/components/schemas/EnvironmentSummary"}}
        }
      },
      "EnvironmentDetail": {
        "type": "object",
        "required": ["name", "description", "tables", "files", "python_modules", "policy", "rego"],
        "properties": {
          "name": {"type": "string"},
          "description": {"type": "string"},
          "tables": {"type": "array", "items": {"$ref": "#/components/schemas/EnvironmentTable"}},
          "files": {"type": "array", "items": {"type": "string"}},
          "python_modules": {"type": "array", "items": {"type": "string"}},
          "policy": {"type": "string", "description": "sandbox profile name; empty: the validator's default"},
          "rego": {
            "type": "object",
            "required": ["data", "input"],
            "properties": {"data": {"type": "boolean"}, "input": {"type": "boolean"}}
          }
        }
      },
      "Health": {
        "type": "object",
        "required": ["status", "version"],
        "properties": {"status": {"type": "string", "enum": ["ok"]}, "version": {"type": "string"}}
      }
    }
  }
})json";

}  // namespace

const std::string& openapi_document_text() {
  static const std::string text = [] {
    nlohmann::json document = nlohmann::json::parse(kDocument);
    document["info"]["version"] = kAssayVersion;
    return document.dump();
  }();
  return text;
}

}  // namespace assay::http
