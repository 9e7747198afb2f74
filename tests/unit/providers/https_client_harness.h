// What the HttpsClient tests share: an io_context run on two threads (as the gateway runs
// it on several), a recorder for one call's handlers that a test can wait on, the test
// fixture, and small helpers for scripting servers.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "providers/http/https_client.h"
#include "test_http_server.h"

namespace openclaw::providers::test_support {

// Records what the handlers of one call saw, from whichever I/O thread ran them.
class CallRecorder {
 public:
  ResponseHandlers handlers() {
    ResponseHandlers handlers;
    handlers.on_head = [this](const ResponseHead& head) {
      std::lock_guard lock(mutex_);
      if (completions_ > 0) called_after_complete_ = true;
      if (!pieces_.empty()) head_after_body_ = true;
      head_ = head;
      ++heads_;
    };
    handlers.on_body = [this](std::string_view bytes) {
      std::lock_guard lock(mutex_);
      if (completions_ > 0) called_after_complete_ = true;
      pieces_.emplace_back(bytes);
      changed_.notify_all();
    };
    handlers.on_complete = [this](std::optional<TransportError> error) {
      std::lock_guard lock(mutex_);
      ++completions_;
      outcome_ = std::move(error);
      changed_.notify_all();
    };
    return handlers;
  }

  // Waits up to 5 s for on_complete; false when it did not come.
  bool wait(std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return completions_ > 0; });
  }

  // Waits until at least `count` body pieces arrived.
  bool wait_for_pieces(std::size_t count,
                       std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] {
      return pieces_.size() >= count || completions_ > 0;
    }) && pieces_.size() >= count;
  }

  bool succeeded() {
    std::lock_guard lock(mutex_);
    return completions_ == 1 && !outcome_;
  }
  std::optional<TransportError> error() {
    std::lock_guard lock(mutex_);
    return outcome_;
  }
  std::optional<TransportErrorKind> error_kind() {
    std::lock_guard lock(mutex_);
    return outcome_ ? std::optional(outcome_->kind) : std::nullopt;
  }
  std::string error_message() {
    std::lock_guard lock(mutex_);
    return outcome_ ? outcome_->message : "";
  }
  std::optional<ResponseHead> head() {
    std::lock_guard lock(mutex_);
    return head_;
  }
  std::string body() {
    std::lock_guard lock(mutex_);
    std::string all;
    for (const auto& piece : pieces_) all += piece;
    return all;
  }
  std::size_t pieces() {
    std::lock_guard lock(mutex_);
    return pieces_.size();
  }
  int completions() {
    std::lock_guard lock(mutex_);
    return completions_;
  }
  // A handler ran after on_complete, or on_head after on_body, or on_head twice.
  bool misordered() {
    std::lock_guard lock(mutex_);
    return called_after_complete_ || head_after_body_ || heads_ > 1;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<ResponseHead> head_;
  std::vector<std::string> pieces_;
  std::optional<TransportError> outcome_;
  int completions_ = 0;
  int heads_ = 0;
  bool called_after_complete_ = false;
  bool head_after_body_ = false;
};

class IoThreads {
 public:
  explicit IoThreads(int count = 2) {
    for (int i = 0; i < count; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  ~IoThreads() { stop(); }
  // Stops at once: a pooled connection's sweep timer would otherwise keep run() going.
  void stop() {
    guard_.reset();
    io_.stop();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  boost::asio::io_context& io() { return io_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_{
      io_.get_executor()};
  std::vector<std::thread> threads_;
};

inline OutgoingRequest get_request(std::string url) {
  OutgoingRequest request;
  request.method = "GET";
  request.url = std::move(url);
  return request;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Polls `condition` for up to 3 s.
template <class Condition>
bool eventually(Condition condition) {
  using namespace std::chrono_literals;
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

// One chunk of a chunked body.
inline std::string chunk(std::string_view data) {
  char size[16];
  std::snprintf(size, sizeof size, "%zx", data.size());
  return std::string(size) + "\r\n" + std::string(data) + "\r\n";
}

inline constexpr char kStreamHead[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

// Answers every request on a connection with its number on this server ("1", "2", ...).
inline TestHttpServer::Handler answer_every_request(std::atomic<int>& served) {
  return [&served](ServerConnection& connection) {
    while (connection.read_request()) connection.respond(200, std::to_string(++served));
  };
}

class HttpsClientTest : public ::testing::Test {
 protected:
  using Clock = std::chrono::steady_clock;

  std::shared_ptr<HttpsClient> make_client(HttpsClientOptions options = {}) {
    auto client = HttpsClient::create(io_threads_.io(), std::move(options));
    EXPECT_TRUE(client) << (client ? "" : client.error().message);
    return client ? *client : nullptr;
  }

  IoThreads io_threads_;
};

}  // namespace openclaw::providers::test_support
