// An outbound platform API call as plain data: adapters describe calls this way,
// the HTTPS client performs them. No I/O types here.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hocvuso {

struct ApiRequest {
  std::string method = "POST";
  std::string path;  // appended to the API base URL; may hold a token ("/bot<token>/..."): never log it
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/json";
  std::string body;
  std::string api_method;  // "sendMessage": safe to log and to use as a metrics label

  friend bool operator==(const ApiRequest&, const ApiRequest&) = default;
};

// An HTTP answer. No answer at all (resolve, connect, TLS, timeout) is not an
// ApiResponse but the Problem of the client's Result<ApiResponse> (bot/http/client.hpp).
struct ApiResponse {
  int status = 0;
  std::string body;
};

}  // namespace hocvuso
