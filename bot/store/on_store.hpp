// The bridge from Asio coroutines to the store thread: `co_await on_store(worker, f)`
// runs f(Store&) there, inside a group commit, and resumes the coroutine on its own
// executor once the result is durable. Include only from .cpp files.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>
#include <type_traits>

#include "bot/store/worker.hpp"

namespace hocvuso {

template <class F, class R = std::invoke_result_t<F, Store&>>
boost::asio::awaitable<R> on_store(StoreWorker& worker, F f) {
  namespace asio = boost::asio;
  auto result = std::make_shared<std::conditional_t<std::is_void_v<R>, bool, std::optional<R>>>();
  auto initiate = [&worker, result, f = std::move(f)](auto handler) mutable {
    auto ex = asio::get_associated_executor(handler);
    auto work = std::make_shared<asio::executor_work_guard<decltype(ex)>>(ex);
    auto h = std::make_shared<decltype(handler)>(std::move(handler));
    worker.submit(
        [f = std::move(f), result](Store& s) mutable {
          if constexpr (std::is_void_v<R>) {
            f(s);
          } else {
            result->emplace(f(s));
          }
        },
        [h, work](std::exception_ptr e) {
          // use_awaitable rethrows a non-null exception_ptr in the coroutine.
          asio::post(work->get_executor(), [h, e, work]() mutable { std::move(*h)(e); });
        });
  };
  co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(std::move(initiate),
                                                                                        asio::use_awaitable);
  if constexpr (!std::is_void_v<R>) co_return std::move(**result);
}

}  // namespace hocvuso
