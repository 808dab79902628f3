// The OpenAPI 3.1 document describing every endpoint and schema of the HTTP API, served at
// GET /openapi.json. tests/http/openapi_test.cc keeps it true: every route is listed, and real
// responses validate against the schemas. Thread-safe (immutable after first use).
#pragma once

#include <string>

namespace assay::http {

// The document as JSON text (with the running version filled in).
const std::string& openapi_document_text();

}  // namespace assay::http
