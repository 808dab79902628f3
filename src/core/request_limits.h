// Bounds on what a single request may carry. They keep a hostile request from costing more
// than a bounded amount of memory and time before it is refused with request_invalid.
#pragma once

#include <cstddef>

namespace assay::limits {

inline constexpr size_t kMaxFiles = 1000;
inline constexpr size_t kMaxPathBytes = 4096;
inline constexpr int kMinTimeoutMs = 1;
inline constexpr int kMaxTimeoutMs = 10 * 60 * 1000;
inline constexpr size_t kMaxJsonDepth = 64;  // nesting of expect, environment and trail

}  // namespace assay::limits
