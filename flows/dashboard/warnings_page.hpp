// The Cảnh báo page of the dashboard (issue 22, page 3): compose a scam warning, preview
// who it reaches, then the list of warnings with their progress and actions. Pure
// functions from plain data, like pages.hpp: the checks themselves (text, link, target,
// scope) are the broadcast feature's (flows/broadcast/request.hpp, allows()), applied by
// the routes (bot/app/dashboard_routes.cpp) before anything here is rendered.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flows/dashboard/html.hpp"

namespace hocvuso::dashboard {

// Every value of `key` in a form or query string, in order (checkboxes repeat a name).
std::vector<std::string> form_values(std::string_view encoded, std::string_view key);

// What an officer typed or chose, carried between the compose form, the preview and the
// final POST (the field names of the forms).
struct WarningDraft {
  std::string template_id;             // "mau": a content template, or empty for own text
  std::string text;                    // "noidung"
  std::string severity = "warning";    // "mucdo": info | warning | urgent
  std::string link;                    // "lienket": optional https:// address
  std::vector<std::string> communes;   // "xa": official codes
  std::string province;                // "catinh": a province id for the whole province, else empty
};
WarningDraft draft_from_form(std::string_view encoded);
// The draft as the admin API's JSON body (POST /api/v1/broadcasts), so that the one
// parser, broadcast::parse_request, checks it with the API's and the chat's rules.
std::string draft_request_json(const WarningDraft& d);
// The draft as query-string fields, for "Sửa lại" links.
std::string draft_query(const WarningDraft& d);

// A refusal of parse_request (its code) in plain Vietnamese for the officer.
std::string problem_vi(std::string_view code);

struct ChoiceItem {
  std::string value, label;
};

struct ComposeInput {
  WarningDraft draft;
  std::string csrf;
  std::string query;                      // the commune search as typed
  std::vector<ChoiceItem> templates;      // id, label
  std::vector<ChoiceItem> chosen;         // communes in the draft: code, label
  std::vector<ChoiceItem> found;          // search results within scope, not yet chosen
  std::vector<ChoiceItem> provinces;      // whole provinces the officer may warn (id, name)
  bool searched = false;
  std::string error;                      // a refusal to show above the form, or empty
};

// One warning in the list, with what the viewer may do to it.
struct WarningRow {
  std::int64_t id = 0;
  std::string target;   // in words
  std::string author;
  std::string created;  // "06/12/2026 13:05", Vietnam time
  std::string status;   // broadcast::Progress::status
  std::int64_t recipients = 0, sent = 0, failed = 0, blocked = 0, cancelled = 0, pending = 0;
  bool complete = false;
  bool may_act = false;      // cancel, pause, resume
  bool may_approve = false;  // waiting, and the viewer is another officer with the scope
};
// Share of the recipients that are handled (sent, failed or blocked), 0..100; 100 once
// the broadcast is complete; for a cancelled one, the share that was sent.
int percent_done(const WarningRow& w);
std::string status_vi(std::string_view status, bool complete);

struct WarningsInput {
  bool may_compose = false;  // an officer or admin (a team leader only reads)
  ComposeInput compose;
  std::vector<WarningRow> rows;
  std::string notice;        // after an action ("Đã hủy cảnh báo số 3."), or empty
};
Html warnings_body(const WarningsInput& in);

struct PreviewInput {
  WarningDraft draft;
  std::string csrf;
  std::string rendered;       // the message as recipients will see it
  std::string target;         // in words
  std::int64_t total = 0, groups = 0, private_chats = 0, left_out = 0;
  std::vector<std::pair<std::string, std::int64_t>> by_platform;  // "telegram", count
  bool needs_approval = false;
};
Html warning_preview_body(const PreviewInput& in);

}  // namespace hocvuso::dashboard
