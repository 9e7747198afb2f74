// A minimal OpenAI-compatible provider for the chat benchmarks: answers
// POST .../chat/completions at once, as JSON or as an SSE stream of --chunks pieces spaced
// --interval-ms apart, so the gateway's own cost can be told from the provider's. One
// thread, asynchronous, thousands of concurrent streams. Loopback only.
//
//   fake_provider --port 0 [--chunks 8] [--interval-ms 0]   (prints "port N" when listening)
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Options {
  unsigned short port = 0;
  int chunks = 8;
  int interval_ms = 0;
};

std::string chunk_frame(std::string_view data) {
  char size[16];
  auto [end, ec] = std::to_chars(size, size + sizeof(size), data.size(), 16);
  (void)ec;
  return std::string(size, end) + "\r\n" + std::string(data) + "\r\n";
}

std::string sse_chunk(int index, bool last) {
  std::string delta = last ? "{}" : "{\"content\":\"piece " + std::to_string(index) + " \"}";
  std::string finish = last ? "\"stop\"" : "null";
  return "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench\","
         "\"choices\":[{\"index\":0,\"delta\":" +
         delta + ",\"finish_reason\":" + finish + "}],\"usage\":" +
         (last ? "{\"prompt_tokens\":10,\"completion_tokens\":8,\"total_tokens\":18}" : "null") + "}\n\n";
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const Options& options)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), options_(options) {}

  void start() { read(); }

 private:
  void read() {
    request_ = {};
    http::async_read(stream_, buffer_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->answer();
    });
  }

  void answer() {
    const bool stream = request_.body().find("\"stream\":true") != std::string::npos ||
                        request_.body().find("\"stream\": true") != std::string::npos;
    if (!stream) {
      std::string body =
          "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"bench\",\"choices\":"
          "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a benchmark answer\"},\"finish_reason\":"
          "\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":4,\"total_tokens\":14}}";
      out_ = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n\r\n" + body;
      return write_then([](const std::shared_ptr<Connection>& self) { self->read(); });
    }
    next_chunk_ = 0;
    out_ = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
           chunk_frame(sse_chunk(0, false));
    write_then([](const std::shared_ptr<Connection>& self) { self->stream_next(); });
  }

  void stream_next() {
    ++next_chunk_;
    auto send = [self = shared_from_this()] {
      if (self->next_chunk_ < self->options_.chunks) {
        self->out_ = chunk_frame(sse_chunk(self->next_chunk_, false));
        return self->write_then([](const std::shared_ptr<Connection>& again) { again->stream_next(); });
      }
      self->out_ = chunk_frame(sse_chunk(self->next_chunk_, true)) + chunk_frame("data: [DONE]\n\n") + "0\r\n\r\n";
      self->write_then([](const std::shared_ptr<Connection>& again) { again->read(); });
    };
    if (options_.interval_ms <= 0) return send();
    timer_.expires_after(std::chrono::milliseconds(options_.interval_ms));
    timer_.async_wait([send](beast::error_code ec) {
      if (!ec) send();
    });
  }

  template <class Next>
  void write_then(Next next) {
    asio::async_write(stream_, asio::buffer(out_), [self = shared_from_this(), next](beast::error_code ec, std::size_t) {
      if (!ec) next(self);
    });
  }

  tcp::socket stream_;
  asio::steady_timer timer_;
  const Options& options_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::string out_;
  int next_chunk_ = 0;
};

void accept(tcp::acceptor& acceptor, const Options& options) {
  acceptor.async_accept([&acceptor, &options](beast::error_code ec, tcp::socket socket) {
    if (!ec) {
      socket.set_option(tcp::no_delay(true));
      std::make_shared<Connection>(std::move(socket), options)->start();
    }
    accept(acceptor, options);
  });
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--port") {
      options.port = static_cast<unsigned short>(value);
    } else if (flag == "--chunks") {
      options.chunks = value;
    } else if (flag == "--interval-ms") {
      options.interval_ms = value;
    } else {
      std::cerr << "fake_provider: unknown flag " << flag << "\n";
      return 2;
    }
  }
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), options.port));
  acceptor.listen(4096);
  std::cout << "port " << acceptor.local_endpoint().port() << std::endl;
  accept(acceptor, options);
  io.run();
  return 0;
}
