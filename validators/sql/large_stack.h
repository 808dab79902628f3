// Runs a function on a thread of its own with a stack of a given size, and waits for it.
// libpg_query writes its JSON parse tree recursively, about 128 bytes of stack per level of
// the tree, and a chain like "0 + 1 + 1 + ..." nests one level per operator: a 1 MiB query
// overflows an ordinary 8 MiB stack. The stack is reserved, not touched, so its pages cost
// memory only as deep as the tree goes. Thread-safe.
#pragma once

#include <cstddef>
#include <functional>

namespace assay::sql {

// False, without calling `work`, when the thread cannot be created. `work` must not throw.
[[nodiscard]] bool run_with_stack(size_t stack_bytes, const std::function<void()>& work);

}  // namespace assay::sql
