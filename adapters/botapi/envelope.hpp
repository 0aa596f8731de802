// What the Telegram Bot API and the Zalo Bot Platform share: the response envelope
// {ok, result, error_code, description, parameters} and the rules for reading it
// (protocols.md A3, A4; the Zalo Bot Platform copies Telegram's shape, B5).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/channel.hpp"

namespace hocvuso::botapi {

// Reads a sendMessage-like answer into what the outbox does next.
SendResult classify(const ApiResponse& response);

// getUpdates: the updates of one answer, each as its own JSON text, with its id.
struct PolledUpdate {
  std::int64_t update_id = 0;  // 0 when the platform gives none (Zalo Bot Platform)
  std::string body;
};
// A Problem (no_answer, http_status, refused, bad_answer) when the poll brought no updates to read.
Result<std::vector<PolledUpdate>> parse_updates(const Result<ApiResponse>& answer);

// A POST of a JSON body to "/bot<token>/<method>".
ApiRequest call(std::string_view token, std::string_view method, std::string body);

// "12345" -> JSON integer when it is one (chat ids are int64), else the string as is.
std::string json_chat_id(std::string_view id);

}  // namespace hocvuso::botapi
