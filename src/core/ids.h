// Identifiers for validations and requests: 128 random bits as 32 lowercase hex digits.
// Thread-safe (each thread has its own generator, seeded from std::random_device).
#pragma once

#include <string>

namespace assay {

std::string new_id();

}  // namespace assay
