// The answer side of one HTTP request whose route answers later or in pieces (the OpenAI
// endpoints): a complete response, or a streamed one (head, then body pieces written as
// they come, then the end). The session behind it owns the socket; every call may come
// from any thread and is carried out in order on the connection's strand. Calls after the
// exchange ended (answered, finished, or the client went away) are ignored.
#pragma once

#include <functional>
#include <string>

#include "server/http/http_routes.h"

namespace openclaw::server {

class HttpResponder {
 public:
  virtual ~HttpResponder() = default;

  // Sends `response` whole (Content-Length; keep-alive as the request asked). Ends the
  // exchange. Use instead of start_stream.
  virtual void respond(HttpResponse response) = 0;

  // Sends the head of a streamed answer now (its body is ignored). The session frames the
  // pieces (chunked on HTTP/1.1, raw on HTTP/1.0) and keeps the connection alive
  // afterwards when the request allows it.
  virtual void start_stream(HttpResponse head) = 0;
  // Queues one piece of the streamed body. Pieces queue while the socket is busy; a client
  // that stops reading for long (or lets too much pile up) counts as gone.
  virtual void send(std::string data) = 0;
  // Ends the streamed body. Ends the exchange once everything queued is written.
  virtual void finish() = 0;

  // `callback` runs once, on the connection's strand, when the client goes away before the
  // exchange ended: its socket read hit EOF or an error, or a write failed or timed out.
  // Runs at once (posted) when that already happened. Replaces an earlier callback.
  virtual void on_disconnect(std::function<void()> callback) = 0;
};

}  // namespace openclaw::server
