// The bridge from Asio coroutines to the store thread: `co_await on_store(worker, f)`
// runs f(Store&) there (after the jobs queued before it with the same order key,
// worker.hpp), inside a group commit, and resumes the coroutine on its own
// executor once the result is durable (an exception from f is rethrown in the
// coroutine). Include only from .cpp files.
//
// on_store is deliberately not a coroutine, and its initiation is a named type
// rather than a lambda: GCC 12 miscompiles captures of lambdas that live in
// coroutine frames (see also GCC bug 107288), which corrupted moved job objects.
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

namespace detail {

// void results travel as a bool the caller ignores.
template <class R>
using StoreResult = std::conditional_t<std::is_void_v<R>, bool, R>;

template <class F, class R>
struct StoreInitiation {
  StoreWorker& worker;
  F job;
  Sync sync;
  std::size_t order_key;

  template <class Handler>
  void operator()(Handler handler) {
    namespace asio = boost::asio;
    auto ex = asio::get_associated_executor(handler);
    auto work = std::make_shared<asio::executor_work_guard<decltype(ex)>>(ex);
    auto h = std::make_shared<Handler>(std::move(handler));
    auto result = std::make_shared<std::optional<StoreResult<R>>>();
    worker.submit(Run{std::move(job), result}, Done<Handler, decltype(ex)>{h, work, result}, sync,
                  order_key);
  }

  struct Run {
    F job;
    std::shared_ptr<std::optional<StoreResult<R>>> result;
    void operator()(Store& s) {
      if constexpr (std::is_void_v<R>) {
        job(s);
        result->emplace(true);
      } else {
        result->emplace(job(s));
      }
    }
  };

  template <class Handler, class Executor>
  struct Done {
    std::shared_ptr<Handler> handler;
    std::shared_ptr<boost::asio::executor_work_guard<Executor>> work;
    std::shared_ptr<std::optional<StoreResult<R>>> result;
    void operator()(std::exception_ptr e) {
      boost::asio::post(work->get_executor(), Resume<Handler, Executor>{handler, work, result, e});
    }
  };

  template <class Handler, class Executor>
  struct Resume {
    std::shared_ptr<Handler> handler;
    std::shared_ptr<boost::asio::executor_work_guard<Executor>> work;
    std::shared_ptr<std::optional<StoreResult<R>>> result;
    std::exception_ptr error;
    void operator()() {
      // use_awaitable rethrows a non-null exception_ptr in the coroutine.
      StoreResult<R> value = error || !result->has_value() ? StoreResult<R>{} : std::move(**result);
      std::move (*handler)(error, std::move(value));
    }
  };
};

}  // namespace detail

template <class F, class R = std::invoke_result_t<F, Store&>>
auto on_store(StoreWorker& worker, F f, Sync sync = Sync::full, std::size_t order_key = 0) {
  using Value = detail::StoreResult<R>;
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(std::exception_ptr, Value)>(
      detail::StoreInitiation<F, R>{worker, std::move(f), sync, order_key}, boost::asio::use_awaitable);
}

}  // namespace hocvuso
