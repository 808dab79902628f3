// Turning a fixture's text (CSV) or a request's JSON value into a FieldValue of a column's
// kind, with a reason when it does not fit. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "src/environments/environment.h"

namespace assay::environments {

// Text of a CSV field. Integers are decimal 64-bit, reals are finite decimals, booleans are
// true/false (t/f, 1/0), dates YYYY-MM-DD, timestamps "YYYY-MM-DD HH:MM:SS" (or with a T).
// On failure returns false and sets `why` ("'abc' is not an integer").
bool field_from_text(const Column& column, std::string_view text, FieldValue& out,
                     std::string& why);

// A JSON value from an inline environment; null is NULL, strings of dates and timestamps are
// checked as above, an integral number fits a real column.
bool field_from_json(const Column& column, const nlohmann::json& value, FieldValue& out,
                     std::string& why);

// The field as JSON (NULL as null).
nlohmann::json field_to_json(const FieldValue& value);

}  // namespace assay::environments
