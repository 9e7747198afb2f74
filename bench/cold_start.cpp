#include "cold_start.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "handshake.h"

namespace openclaw::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The HTTP status of GET `path`, or 0 when the server does not answer within 1 s.
asio::awaitable<unsigned> http_status(asio::ip::tcp::endpoint endpoint, std::string host, std::string path) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(1));
  co_await stream.async_connect(endpoint, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return 0;
  http::request<http::empty_body> request{http::verb::get, path, 11};
  request.set(http::field::host, host);
  request.set(http::field::connection, "close");
  co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return 0;
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  co_await http::async_read(stream, buffer, response, asio::redirect_error(asio::use_awaitable, ec));
  if (ec && ec != http::error::end_of_stream) co_return 0;
  co_return response.result_int();
}

// One handshake, closed again before returning (the socket must not outlive its io_context).
asio::awaitable<Status> handshake_once(asio::ip::tcp::endpoint endpoint, Target target, const Options& options,
                                       const crypto::KeyPair* device) {
  auto connection = co_await open_authenticated(endpoint, target, options.claims, device, options.timeout);
  if (!connection) co_return std::unexpected(connection.error());
  co_await close_gracefully(*connection->socket, options.timeout);
  co_return Status{};
}

template <class T>
T run_to_completion(asio::awaitable<T> task) {
  asio::io_context io(1);
  auto future = asio::co_spawn(io, std::move(task), asio::use_future);
  io.run();
  return future.get();
}

// fork + exec in a new process group; the child's output goes to `log_path`.
Result<pid_t> spawn(const std::vector<std::string>& command, const std::string& log_path) {
  std::vector<char*> argv;
  for (const auto& part : command) argv.push_back(const_cast<char*>(part.c_str()));
  argv.push_back(nullptr);
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (log_fd < 0) return fail("cannot open " + log_path + ": " + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    return fail(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, so the group exists before we might signal it
  ::close(log_fd);
  return pid;
}

// SIGTERM to the group, SIGKILL after 30 s; returns a description of how the leader ended.
std::string stop_group(pid_t pid) {
  ::kill(-pid, SIGTERM);
  int status = 0;
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return "killed after 30 s";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(-pid, SIGKILL);  // helpers left in the group, if any
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  return "signal " + std::to_string(WTERMSIG(status));
}

}  // namespace

Result<nlohmann::json> run_cold_start(const Options& options, const crypto::KeyPair* device) {
  auto target = parse_ws_url(options.url);
  if (!target) return std::unexpected(target.error());
  auto endpoint = resolve_target(*target);
  if (!endpoint) return std::unexpected(endpoint.error());
  if (run_to_completion(http_status(*endpoint, target->host, options.health_path)) != 0) {
    return fail("something already answers on " + target->host + ":" + target->port);
  }

  const auto started = Clock::now();
  auto pid = spawn(options.command, options.child_log);
  if (!pid) return std::unexpected(pid.error());

  double healthz_ms = -1;
  const auto ready_deadline = started + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(options.ready_timeout_s));
  while (healthz_ms < 0) {
    if (run_to_completion(http_status(*endpoint, target->host, options.health_path)) == 200) {
      healthz_ms = ms_since(started);
      break;
    }
    int status = 0;
    if (::waitpid(*pid, &status, WNOHANG) == *pid) {
      return fail("the command exited before " + options.health_path + " answered 200 (log: " + options.child_log + ")");
    }
    if (Clock::now() > ready_deadline) {
      stop_group(*pid);
      return fail(options.health_path + " did not answer 200 within " + std::to_string(options.ready_timeout_s) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  nlohmann::json hello_ms = nullptr;
  std::string last_error;
  std::size_t attempts = 0;
  const auto hello_deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(options.hello_timeout_s));
  while (Clock::now() < hello_deadline) {
    ++attempts;
    auto connection = run_to_completion(handshake_once(*endpoint, *target, options, device));
    if (connection) {
      hello_ms = ms_since(started);
      last_error.clear();
      break;
    }
    last_error = connection.error().message;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const std::string ended = stop_group(*pid);
  return nlohmann::json{{"healthz_ms", healthz_ms},
                        {"hello_ms", hello_ms},
                        {"hello_error", last_error},
                        {"hello_attempts", attempts},
                        {"child", ended}};
}

}  // namespace openclaw::bench
