// The console channel's I/O loop. Replies are durable in the outbox before they
// are printed, and marked sent once printed.
#include "bot/app/chat.hpp"

#include <iostream>

#include "adapters/console/console.hpp"
#include "bot/core/command.hpp"

namespace hocvuso {

namespace {

// One message through the engine: the replies, durable in the outbox, and their ids.
struct Turn {
  std::vector<Outgoing> replies;
  std::vector<std::int64_t> ids;
};

Turn take_turn(Runtime& core, const Incoming& in) {
  Engine& engine = *core.engine;
  auto queued = core.store->call([&engine, &in](Store& s) { return engine.handle(s, in, in.time); });
  count_messages(core.metrics, in, queued);
  Turn turn;
  for (auto& item : queued) {
    turn.ids.push_back(item.id);
    turn.replies.push_back(std::move(item.message));
  }
  return turn;
}

// The console "delivers" a reply by printing it.
void mark_printed(Runtime& core, const Turn& turn) {
  if (turn.ids.empty()) return;
  core.store->call([&turn](Store& s) {
    for (auto id : turn.ids) s.mark_sent(id, std::chrono::system_clock::now());
  });
}

}  // namespace

std::string handle_jsonl_line(Runtime& core, const std::string& line) {
  auto parsed = console::parse_jsonl(line);
  if (!parsed) return console::render_jsonl_error(parsed.problem().message);
  Incoming& in = *parsed;
  in.time = std::chrono::system_clock::now();
  Turn turn = take_turn(core, in);
  std::string out = console::render_jsonl(turn.replies);
  mark_printed(core, turn);
  return out;
}

int run_chat(Runtime& core, const ChatOptions& options, std::istream& in, std::ostream& out) {
  std::string line;
  if (options.jsonl) {
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines are not turns
      out << handle_jsonl_line(core, line) << '\n' << std::flush;
    }
    return 0;
  }

  out << "hocvuso chat: gõ tin nhắn rồi nhấn Enter. Gõ số để bấm nút. /quit để thoát.\n\n";
  std::vector<Button> shown;
  auto send = [&](Incoming msg) {
    msg.chat = ChatRef{Channel::console, options.user};
    msg.sender_id = options.user;
    msg.sender_name = options.name;
    msg.time = std::chrono::system_clock::now();
    Turn turn = take_turn(core, msg);
    out << console::render_text(turn.replies) << std::flush;
    mark_printed(core, turn);
    if (!turn.replies.empty()) shown = console::numbered_buttons(turn.replies);
  };

  Incoming start;
  start.text = "/start";
  send(std::move(start));
  while (out << "> " << std::flush, std::getline(in, line)) {
    const std::string text = trim(line);
    if (text.empty()) continue;
    if (text == "/quit" || text == "/exit") break;
    Incoming msg;
    if (auto payload = console::resolve_choice(text, shown); !payload.empty()) {
      msg.button_payload = payload;
    } else {
      msg.text = text;
    }
    send(std::move(msg));
  }
  out << "\nTạm biệt!\n";
  return 0;
}

}  // namespace hocvuso
