// The console channel: translates `hocvuso chat` input into Incoming and replies
// into what a person (numbered choices) or a program (JSON lines) reads. Pure
// functions, no I/O: the chat command does the reading and printing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/core/result.hpp"

namespace hocvuso::console {

// One input line of `hocvuso chat --jsonl`:
//   {"user":"u1","text":"/start"}   {"user":"u1","button":"<payload>"}
//   {"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"…","text":"…"}
// Returns the message, or the Problem "bad_line" whose message says why the line was refused.
Result<Incoming> parse_jsonl(std::string_view line);

// {"replies":[{"chat":"…","text":"…","buttons":[[{"label":"…","payload":"…"}]]}]}
std::string render_jsonl(const std::vector<Outgoing>& replies);
// {"replies":[],"error":"…"}
std::string render_jsonl_error(std::string_view reason);

// Replies as a person sees them in the terminal: each text, then its buttons as
// "   1. label" lines, numbered across the replies like numbered_buttons().
std::string render_text(const std::vector<Outgoing>& replies);

// "2" or the label's words ("học kỹ năng số") pick a button of the last replies;
// returns its payload, or empty when the input is ordinary text.
std::string resolve_choice(std::string_view input, const std::vector<Button>& shown);

// The buttons of the replies in the order they were numbered.
std::vector<Button> numbered_buttons(const std::vector<Outgoing>& replies);

}  // namespace hocvuso::console
