// Status and Result<T>: errors as values.
//
// A Status is either ok or an error with a machine code (one of DESIGN.md's codes, such as
// "request_invalid") and a human message. Result<T> holds a T or an error Status. Both are
// [[nodiscard]] so an ignored failure is a compile error. Plain values: thread-compatible.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace assay {

class [[nodiscard]] Status {
 public:
  static Status ok() { return Status(); }
  static Status error(std::string code, std::string message) {
    return Status(std::move(code), std::move(message));
  }

  bool is_ok() const { return code_.empty(); }
  explicit operator bool() const { return is_ok(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  Status(std::string code, std::string message)
      : code_(std::move(code)), message_(std::move(message)) {
    assert(!code_.empty());
  }
  std::string code_;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Status error) : state_(std::move(error)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).is_ok());
  }

  bool is_ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return is_ok(); }

  // Precondition: is_ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // Precondition: !is_ok().
  const Status& status() const { return std::get<Status>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace assay
