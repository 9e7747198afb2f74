#include "server/http/sse_writer.h"

namespace openclaw::server {
namespace {

// Invalid UTF-8 from a provider must not abort a stream: replace it, as the WebSocket side does.
std::string dump(const nlohmann::ordered_json& payload) {
  return payload.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::string sse_data_frame(const nlohmann::ordered_json& payload) { return "data: " + dump(payload) + "\n\n"; }

std::string sse_event_frame(std::string_view type, const nlohmann::ordered_json& payload) {
  std::string frame = "event: ";
  frame.append(type);
  frame += "\ndata: ";
  frame += dump(payload);
  frame += "\n\n";
  return frame;
}

}  // namespace openclaw::server
