// assay's release version, from the top-level CMakeLists.txt project() version.
#pragma once

#include <string_view>

namespace assay {

inline constexpr std::string_view kAssayVersion = ASSAY_VERSION;

}  // namespace assay
