#include "providers/http/response_reader.h"

#include <boost/beast/http/error.hpp>
#include <utility>

#include "core/util/text.h"

namespace openclaw::providers {

namespace http = boost::beast::http;

ResponseReader::ResponseReader(bool head_request) : head_request_(head_request) { start_parser(); }

void ResponseReader::start_parser() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(boost::none);
  parser_->eager(true);
  if (head_request_) parser_->skip(true);
}

Result<ResponseReader::Progress> ResponseReader::feed(boost::beast::flat_buffer& buffer) {
  Progress progress;
  while (buffer.size() > 0 && !parser_->is_done()) {
    boost::system::error_code ec;
    const std::size_t used = parser_->put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == http::error::need_more) break;
    if (ec) return fail(ec.message());
    const int status =
        parser_->is_header_done() ? static_cast<int>(parser_->get().result_int()) : 0;
    if (status >= 100 && status < 200 && status != 101) {
      start_parser();
      continue;
    }
    if (used == 0) break;
  }
  if (parser_->is_header_done() && !head_reported_) {
    head_reported_ = true;
    progress.head_arrived = true;
  }
  progress.body = std::exchange(parser_->get().body(), std::string());
  progress.done = parser_->is_done();
  return progress;
}

bool ResponseReader::finish_at_eof() {
  if (parser_->is_done()) return true;
  if (!parser_->is_header_done()) return false;
  boost::system::error_code ec;
  parser_->put_eof(ec);
  return !ec && parser_->is_done();
}

ResponseHead ResponseReader::head() const {
  ResponseHead head;
  const auto& message = parser_->get();
  head.status = static_cast<int>(message.result_int());
  for (const auto& field : message.base()) {
    std::string name = ascii_lowercase(field.name_string());
    auto [it, inserted] = head.headers.emplace(std::move(name), std::string(field.value()));
    if (!inserted) {
      it->second += ", ";
      it->second += field.value();
    }
  }
  return head;
}

}  // namespace openclaw::providers
