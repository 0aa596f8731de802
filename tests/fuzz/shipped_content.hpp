// The shipped content/, loaded once per fuzzing process (the report reader, the FAQ
// and the places resolver read their words from it).
#pragma once

#include <filesystem>
#include <memory>

#include "bot/app/content_spec.hpp"

namespace hocvuso::fuzz {

inline const Content& shipped_content() {
  static const auto content = std::make_unique<Content>(
      load_content(std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content", content_spec()));
  return *content;
}

}  // namespace hocvuso::fuzz
