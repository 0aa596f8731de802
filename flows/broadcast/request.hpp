// The JSON body of POST /api/v1/broadcasts, checked: text (or template), severity, link, target.
// The same checks guard the chat composer's text and link.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bot/core/result.hpp"
#include "flows/broadcast/broadcast_types.hpp"
#include "flows/places/places.hpp"

namespace hocvuso::broadcast {

inline constexpr std::size_t kMaxTextChars = 1000;  // leaves room for header and footer in one phone screen-ful
inline constexpr std::size_t kMaxLinkBytes = 300;
inline constexpr std::size_t kMaxCommunes = 200;

// A refusal: code machine-readable (e.g. "text_too_long"), message for the API client.
using RequestProblem = Problem;

struct ValidRequest {
  std::string text, severity, link;
  Target target;  // province id, official codes of the communes
};

struct ScamTemplates;

// "template": "<id>" stands for "text": the template's text (from content/broadcast).
// target.province and target.communes go through the one place resolver (by id, code or
// name as typed): anything but exactly one province or one current xã/phường each is
// `invalid_target`, naming the closest units. Without a places list they are refused.
Result<ValidRequest> parse_request(std::string_view body, const ScamTemplates& templates,
                                   const places::Places* places = nullptr);

// nullopt when fine. Links belong in `link` (checked), never in the text.
std::optional<RequestProblem> check_text(std::string_view text);
std::optional<RequestProblem> check_link(std::string_view link);

}  // namespace hocvuso::broadcast
