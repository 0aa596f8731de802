// Ready-made warnings for the common scam types (content/broadcast/templates.json):
// the composer offers them as buttons, the API takes "template": "<id>" for text.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/content/content.hpp"

namespace hocvuso::broadcast {

struct ScamTemplate {
  std::string id;     // short ASCII, used in button payloads and the API
  std::string label;  // button label
  std::string text;   // the warning, checked like an officer's own text
};

struct ScamTemplates {
  std::vector<ScamTemplate> list;
  const ScamTemplate* find(std::string_view id) const;
};

std::shared_ptr<ScamTemplates> load_templates(const std::filesystem::path& dir, const Strings& strings,
                                              std::vector<ContentProblem>& problems);

}  // namespace hocvuso::broadcast
