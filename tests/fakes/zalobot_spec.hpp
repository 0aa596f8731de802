// What the Zalo Bot Platform accepts, method by method (protocols.md B5, last paragraph;
// ../shared/review/zalo.md "Calls"): the fake refuses, and records as a spec violation,
// every call the real API would refuse, so a test fails on it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hocvuso::fakes {

// The problems of one call, empty when the platform would take it. `method` is compared
// case-insensitively, as the platform does; `params` are the call's JSON (or form) fields.
//  - an unknown method, or a parameter the method does not document;
//  - a required parameter missing (sendMessage chat_id and text, sendPhoto photo, ...);
//  - a wrong type: chat_id, text, url, secret_token, photo, sticker, action are Strings
//    (a numeric chat_id too: real ids are hex strings); getUpdates' timeout is a String
//    of digits or an integer;
//  - a length out of range: text 1-2000 characters (code points), secret_token 8-256.
std::vector<std::string> check_zalobot_call(const std::string& method, const nlohmann::json& params);

}  // namespace hocvuso::fakes
