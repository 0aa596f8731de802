// The one vocabulary for expected failures: a Result<T> is either the value or a
// Problem{code, message}. Expected means a caller decides on it (a malformed update
// gets a 400, a bad API request its code, a transport failure a retry); bugs and
// broken invariants still throw.
//
// Why a small class and not `std::variant<T, Problem>`: the call sites read as what
// they ask (`if (!r) … r.problem().code`, `r->dedupe_key`) instead of get_if/get
// pairs, and a variant cannot hold a T that is itself a Problem. Its names are
// std::expected's (C++23; GCC 12 has none) plus problem() for error(), so moving to
// std::expected<T, Problem> later is a rename. Header-only and std-only: bot/core
// includes no Beast, Asio or SQLite.
#pragma once

#include <concepts>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace hocvuso {

struct Problem {
  std::string code;     // short, stable, for machines and metrics labels: "malformed", "timeout", "missing_text"
  std::string message;  // for a person reading a log line or an API answer
};

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cvref_t<T>, Problem>, "a Result<Problem> could not tell its sides apart");

 public:
  using value_type = T;

  // Implicit both ways, so a function returns either side as it is: `return update;`,
  // `return Problem{"malformed", "no update_id"};`. Only from what converts to T implicitly:
  // `return "why";` in a Result<ParsedUpdate> must not compile (an aggregate is constructible
  // from a string, as its first member) but be written as the Problem it is.
  template <class U = T>
    requires(std::convertible_to<U &&, T> && !std::same_as<std::remove_cvref_t<U>, Problem> &&
             !std::same_as<std::remove_cvref_t<U>, Result>)
  Result(U&& value) : v_(std::in_place_index<0>, std::forward<U>(value)) {}
  Result(Problem problem) : v_(std::in_place_index<1>, std::move(problem)) {}
  // A value-initialised T, as std::expected does (Asio's co_spawn needs it for its exception path).
  Result()
    requires std::default_initializable<T>
      : v_(std::in_place_index<0>) {}

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  // The value; asking for it when there is none is a bug (std::bad_variant_access).
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The problem; asking for it when there is a value is a bug.
  const Problem& problem() const { return std::get<1>(v_); }

 private:
  std::variant<T, Problem> v_;
};

}  // namespace hocvuso
