// HTML for the dashboard: templates from flows/dashboard/templates/ (built into the
// binary by CMake, so nothing is read or fetched at run time) with {{name}} filled
// HTML-escaped and {{{name}}} filled with Html built by this module's own code.
// A value is escaped unless it is an Html: nothing a person typed can become markup.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace hocvuso::dashboard {

// Markup made by the dashboard's code from escaped parts.
struct Html {
  std::string s;
};

std::string escape(std::string_view text);

using TemplateVars = std::vector<std::pair<std::string_view, std::variant<std::string, Html>>>;
// Fills a template; a placeholder without a value, or a value of the wrong kind for
// its braces, throws std::logic_error (a bug, found by the tests).
std::string render(std::string_view tmpl, const TemplateVars& vars);

// The files built in (dashboard_assets.cpp, generated): "layout.html", "dashboard.css", …
std::string_view asset(std::string_view name);

// Query string and form fields (application/x-www-form-urlencoded): the value of
// `key`, percent- and plus-decoded; empty when absent.
std::string form_value(std::string_view encoded, std::string_view key);
std::string url_encode(std::string_view text);

}  // namespace hocvuso::dashboard
