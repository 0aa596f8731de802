// What the code needs of content/, in its own small library: the service, `content
// check` and the content loader's fuzz target (tests/fuzz) use the same spec.
#include "bot/app/content_spec.hpp"

#include "flows/broadcast/broadcast.hpp"
#include "flows/broadcast/templates.hpp"
#include "flows/faq/faq_content.hpp"
#include "flows/faq/faq_flow.hpp"
#include "flows/groups/groups.hpp"
#include "flows/groups/places.hpp"
#include "flows/learn/learn.hpp"
#include "flows/menu.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/reports.hpp"
#include "flows/tickets/tickets.hpp"
#include "flows/dashboard/sign_in.hpp"

namespace hocvuso {

ContentSpec content_spec() {
  ContentSpec spec;
  spec.required_keys = flows::menu_string_keys();
  for (auto& key : flows::learn_string_keys()) spec.required_keys.push_back(std::move(key));
  spec.parts.push_back(flows::learn_content_part());
  for (auto& k : faq::faq_string_keys()) spec.required_keys.push_back(std::move(k));
  spec.parts.push_back(faq::faq_content_part());
  for (auto keys : {groups::groups_string_keys(), reports::reports_string_keys()}) {
    spec.required_keys.insert(spec.required_keys.end(), keys.begin(), keys.end());
  }
  spec.parts.push_back(content_part<groups::Places>(groups::load_places));
  spec.parts.push_back(content_part<reports::ReportContent>(reports::load_report_content));
  spec.parts.push_back(content_part<broadcast::ScamTemplates>(broadcast::load_templates));
  for (auto& k : broadcast::broadcast_string_keys()) spec.required_keys.push_back(std::move(k));
  for (auto& k : tickets::tickets_string_keys()) spec.required_keys.push_back(std::move(k));
  for (auto& k : dashboard::dashboard_string_keys()) spec.required_keys.push_back(std::move(k));
  return spec;
}

}  // namespace hocvuso
