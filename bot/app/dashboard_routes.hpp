// The officers' web dashboard and the public ranking (issue 22), served by the same
// process as the webhooks:
//   GET  /dashboard/                 the overview of the person's province (or a redirect
//                                    to /dashboard/huongdan without a session)
//   GET  /dashboard/huongdan         how to get a sign-in link
//   GET  /dashboard/dangnhap?t=…     a button; POST /dashboard/dangnhap consumes the link
//   POST /dashboard/dangxuat         sign-out (session + CSRF token)
//   GET  /dashboard/tongquan?province=&period=&sort=   overview; .csv: the same CSV as `hocvuso report`
//   GET  /dashboard/static/dashboard.css
//   GET  /xephang/<province>?period= the public ranking: no sign-in, no personal data
//   GET  /api/v1/overview?province=&period=  the overview's JSON (`hocvuso report --format json`),
//                                    with a Bearer token or the session cookie + X-CSRF-Token
// Pages are read on the store thread (on_store), one job per request, scope checked there.
#pragma once

#include "bot/app/runtime.hpp"
#include "bot/http/router.hpp"

namespace hocvuso {

void add_dashboard_routes(http::Router& router, Runtime& core);

}  // namespace hocvuso
