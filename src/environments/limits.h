// Bounds on what an environment may hold, so a hostile or mistaken file gives a clear error
// instead of exhausting memory or time.
#pragma once

#include <cstddef>

namespace assay::environments {

inline constexpr size_t kMaxEnvironmentFileBytes = 1 << 20;    // environment.yaml
inline constexpr size_t kMaxSchemaBytes = 256 * 1024;          // schema.sql
inline constexpr size_t kMaxFixtureBytes = 16 * 1024 * 1024;   // one CSV file
inline constexpr size_t kMaxExtraFileBytes = 4 * 1024 * 1024;  // one file in `files`
inline constexpr size_t kMaxTables = 64;
inline constexpr size_t kMaxColumnsPerTable = 256;
inline constexpr size_t kMaxRowsPerTable = 200000;
inline constexpr size_t kMaxFieldBytes = 64 * 1024;
inline constexpr size_t kMaxYamlDepth = 32;
inline constexpr size_t kMaxEnvironments = 256;
inline constexpr size_t kMaxFilesPerEnvironment = 256;
// All the files of one environment together.
inline constexpr size_t kMaxEnvironmentBytes = 64 * 1024 * 1024;

// An inline environment in a request is smaller still.
inline constexpr size_t kMaxInlineSchemaBytes = 64 * 1024;
inline constexpr size_t kMaxInlineRows = 10000;

}  // namespace assay::environments
