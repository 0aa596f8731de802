// Erasing what a delivered message said, for a feature whose messages must not outlive
// their use (a dashboard sign-in link): the outbox row stays (its status and times are
// the delivery's record), its text becomes empty. The outbox table is the store's, so
// features ask for this here (issue 21) instead of writing to it. Store thread only.
#pragma once

#include <string_view>

namespace hocvuso {

class Store;

// Empties the text of every finished row (sent, failed, blocked, cancelled) whose tag
// starts with `tag_prefix`; pending rows keep theirs until they are sent. How many.
int erase_finished_texts(Store& store, std::string_view tag_prefix);

}  // namespace hocvuso
