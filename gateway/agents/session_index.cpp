#include "agents/session_index.h"


#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"
#include "core/state/layout.h"

namespace openclaw::agents {
namespace {

using nlohmann::json;

// An index of tens of thousands of sessions stays far below this.
constexpr std::uintmax_t kMaxIndexBytes = 64 * 1024 * 1024;

// Moves `name` out of `fields` into `target` when it has the expected type; a value of
// another type stays in `fields` and is written back untouched.
void take_string(json& fields, const char* name, std::optional<std::string>& target) {
  auto it = fields.find(name);
  if (it == fields.end() || !it->is_string()) return;
  target = it->get<std::string>();
  fields.erase(it);
}

void take_integer(json& fields, const char* name, std::int64_t& target) {
  auto it = fields.find(name);
  if (it == fields.end() || !it->is_number()) return;
  target = it->is_number_float() ? static_cast<std::int64_t>(it->get<double>())
                                 : it->get<std::int64_t>();
  fields.erase(it);
}

void take_bool(json& fields, const char* name, bool& target) {
  auto it = fields.find(name);
  if (it == fields.end() || !it->is_boolean()) return;
  target = it->get<bool>();
  fields.erase(it);
}

void put_optional(json& out, const char* name, const std::optional<std::string>& value) {
  if (value) out[name] = *value;
}

}  // namespace

Result<json*> SessionIndexFile::load() {
  // Stamped before reading: a rewrite racing with the read shows up as a change next time.
  const auto stamp = state::file_stamp(path_);
  if (document_ && stamp == stamp_) return &*document_;

  document_.reset();
  auto text = state::read_file_limited(path_, kMaxIndexBytes);
  if (!text) {
    if (!text.error().not_found())
      return fail("cannot read " + path_.string() + ": " + text.error().reason);
    document_ = json::object();
  } else {
    json parsed = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded() || !parsed.is_object()) {
      return fail(path_.string() +
                  " is not a JSON object (fix it or move it away; sessions were not loaded)");
    }
    document_ = std::move(parsed);
  }
  stamp_ = stamp;
  return &*document_;
}

Status SessionIndexFile::save() {
  if (!document_) return fail("cannot write " + path_.string() + ": the index was not loaded");
  const std::string text = document_->dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  if (auto written = state::write_file_atomically(
          path_, text, {.mode = state::kFileMode, .owner = std::nullopt});
      !written) {
    document_.reset();
    return written;
  }
  stamp_ = state::file_stamp(path_);
  return {};
}

std::optional<SessionEntry> session_entry_from_json(const std::string& key, const json& value) {
  if (!value.is_object()) return std::nullopt;
  auto id = value.find("sessionId");
  if (id == value.end() || !id->is_string() || id->get_ref<const std::string&>().empty())
    return std::nullopt;

  SessionEntry entry;
  entry.key = key;
  json fields = value;
  std::optional<std::string> session_id;
  take_string(fields, "sessionId", session_id);
  entry.session_id = *session_id;
  take_integer(fields, "updatedAt", entry.updated_at);
  take_string(fields, "label", entry.label);
  take_string(fields, "displayName", entry.display_name);
  take_string(fields, "model", entry.model);
  take_string(fields, "modelProvider", entry.model_provider);
  take_integer(fields, "inputTokens", entry.input_tokens);
  take_integer(fields, "outputTokens", entry.output_tokens);
  take_integer(fields, "totalTokens", entry.total_tokens);
  take_string(fields, "thinkingLevel", entry.thinking_level);
  take_bool(fields, "abortedLastRun", entry.aborted_last_run);
  entry.extra = std::move(fields);
  return entry;
}

json SessionEntry::to_json() const {
  json out = extra.is_object() ? extra : json::object();
  out["sessionId"] = session_id;
  out["updatedAt"] = updated_at;
  put_optional(out, "label", label);
  put_optional(out, "displayName", display_name);
  put_optional(out, "model", model);
  put_optional(out, "modelProvider", model_provider);
  out["inputTokens"] = input_tokens;
  out["outputTokens"] = output_tokens;
  out["totalTokens"] = total_tokens;
  put_optional(out, "thinkingLevel", thinking_level);
  out["abortedLastRun"] = aborted_last_run;
  return out;
}

}  // namespace openclaw::agents
