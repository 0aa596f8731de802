// The fake API's TLS variant: a small Beast HTTPS server on 127.0.0.1:0 with its own thread, presenting a
// certificate from the bench's private CA (tests/support/test_ca.hpp), keep-alive, one handler for every
// request. Production talks to the platforms over TLS, so the bench measures that too.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bot/http/message.hpp"

namespace hocvuso::bench {

class TlsServer {
 public:
  using Handler = std::function<http::Response(const http::Request&)>;

  TlsServer(const std::string& cert_pem, const std::string& key_pem, Handler handler);  // binds and starts
  ~TlsServer();  // stops and joins its thread
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  std::string base_url() const;  // "https://127.0.0.1:<port>"
  std::size_t connections() const;  // TCP connections accepted so far

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hocvuso::bench
