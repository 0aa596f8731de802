// `hocvuso chat`: talk to the bot in a terminal, or drive it line by line with JSON
// (--jsonl). Same engine and store as the server.
#pragma once

#include <iosfwd>
#include <string>

#include "bot/app/runtime.hpp"

namespace hocvuso {

struct ChatOptions {
  bool jsonl = false;
  std::string user = "console";
  std::string name;
};

// Reads until end of input; returns the process exit code.
int run_chat(Runtime& core, const ChatOptions& options, std::istream& in, std::ostream& out);

// One --jsonl line in, exactly one JSON line out (replies, or an error).
std::string handle_jsonl_line(Runtime& core, const std::string& line);

}  // namespace hocvuso
