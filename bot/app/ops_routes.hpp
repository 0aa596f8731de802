// Operational endpoints: /healthz (alive), /readyz (store and content), /metrics.
#pragma once

#include "bot/app/runtime.hpp"
#include "bot/http/router.hpp"

namespace hocvuso {

void add_ops_routes(http::Router& router, Runtime& core);

}  // namespace hocvuso
