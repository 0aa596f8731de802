// What the code needs of content/: every bot string it uses (content check requires
// them in vi.json) and every feature's content part.
#pragma once

#include "bot/content/content.hpp"

namespace hocvuso {

ContentSpec content_spec();

}  // namespace hocvuso
