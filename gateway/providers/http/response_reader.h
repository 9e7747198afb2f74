// Turns the bytes a connection receives into a response head and de-chunked body pieces,
// with Beast's HTTP/1.1 parser underneath (chunked, Content-Length and close-delimited
// bodies; interim 1xx responses are skipped). The head may be at most 64 KiB; the body is unlimited
// because it is handed on as it arrives rather than kept.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <optional>
#include <string>

#include "core/util/result.h"
#include "providers/http/https_client.h"

namespace openclaw::providers {

// A Beast body whose reader appends each parsed (de-chunked) piece to a string that the
// ResponseReader empties after every feed, so nothing accumulates.
struct PassThroughBody {
  using value_type = std::string;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>&, boost::system::error_code& ec) { ec = {}; }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
      std::size_t taken = 0;
      for (auto it = boost::asio::buffer_sequence_begin(buffers);
           it != boost::asio::buffer_sequence_end(buffers); ++it) {
        boost::asio::const_buffer piece = *it;
        body_.append(static_cast<const char*>(piece.data()), piece.size());
        taken += piece.size();
      }
      ec = {};
      return taken;
    }

    void finish(boost::system::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

class ResponseReader {
 public:
  static constexpr std::uint32_t kHeaderLimit = 64 * 1024;

  // `head_request`: the response to HEAD has no body whatever its headers say.
  explicit ResponseReader(bool head_request);

  struct Progress {
    bool head_arrived = false;  // the head completed during this feed
    std::string body;           // body bytes parsed during this feed
    bool done = false;          // the response is complete
  };

  // Parses what `buffer` holds, consuming what was used; bytes of an incomplete line stay in
  // the buffer for the next feed. Fails with the parser's reason ("bad chunk", "header
  // limit exceeded").
  Result<Progress> feed(boost::beast::flat_buffer& buffer);

  // The peer closed the connection. Completes a close-delimited body; otherwise the response
  // was cut short (false).
  bool finish_at_eof();

  bool head_done() const { return parser_->is_header_done(); }
  bool done() const { return parser_->is_done(); }
  // The head, once head_done().
  ResponseHead head() const;
  // Whether the connection may carry another request after this response.
  bool keep_alive() const { return parser_->keep_alive(); }

 private:
  void start_parser();

  const bool head_request_;
  // Replaced after an interim 1xx response, which Beast parses as a message of its own.
  std::optional<boost::beast::http::response_parser<PassThroughBody>> parser_;
  bool head_reported_ = false;
};

}  // namespace openclaw::providers
