// The admin HTTP API for scam-warning broadcasts (Bearer token):
//   POST /api/v1/broadcasts                 start one; 202 {"id", "status", "recipients"}
//   GET  /api/v1/broadcasts/{id}            progress
//   POST /api/v1/broadcasts/{id}/cancel     stop it; still-queued messages are cancelled
//   POST /api/v1/broadcasts/{id}/pause|resume
//   POST /api/v1/broadcasts/{id}/approve    a second officer lets a waiting broadcast go
//                                           (config broadcast_require_approval, province-wide or larger)
// 401 without a valid token, 403 outside the token's scope. All store work on the
// store thread (on_store), never on a network thread.
#pragma once

#include "bot/app/runtime.hpp"
#include "bot/http/router.hpp"

namespace hocvuso {

void add_broadcast_routes(http::Router& router, Runtime& core);

}  // namespace hocvuso
