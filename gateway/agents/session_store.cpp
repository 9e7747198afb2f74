// SessionStore: the index and the transcripts together. Lock order, never reversed: a
// session's lane (one writer per session key), then its agent's index mutex (every
// read-modify-write of sessions.json). Transcript appends of different sessions therefore
// run in parallel; only the short index updates of one agent queue behind each other.
//
// Crash safety: a new session's transcript is created before the index names it, an append
// reaches the transcript before updatedAt is bumped, and a reset writes the new index
// before the old transcript is archived. A crash between two steps leaves at worst an
// unreferenced file or a stale updatedAt; the transcript stays the record of the messages.
#include "agents/session_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "agents/agent_id.h"
#include "agents/session_index.h"
#include "agents/transcript_file.h"
#include "agents/transcript_format.h"
#include "core/crypto/random.h"
#include "core/state/atomic_file.h"
#include "core/util/clock.h"
#include "core/util/text.h"

namespace openclaw::agents {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What the store knows about the transcript one session key writes to; valid while
// session_id and path match the index and the file's size is still known_size.
struct SessionLane {
  std::mutex mutex;
  std::string session_id;
  fs::path path;
  std::optional<std::uint64_t> known_size;
  std::optional<std::string> last_entry_id;  // the parentId of the next line

  void forget() {
    session_id.clear();
    path.clear();
    known_size.reset();
    last_entry_id.reset();
  }
};

struct AgentSessions {
  explicit AgentSessions(std::string id, const state::StateLayout& layout)
      : agent_id(std::move(id)),
        directory(layout.sessions_dir(agent_id)),
        index(directory / "sessions.json") {}

  std::shared_ptr<SessionLane> lane(const std::string& key) {
    std::lock_guard lock(lanes_mutex);
    auto& slot = lanes[key];
    if (!slot) slot = std::make_shared<SessionLane>();
    return slot;
  }

  const std::string agent_id;
  const fs::path directory;
  std::mutex mutex;  // guards index
  SessionIndexFile index;
  std::mutex lanes_mutex;
  std::map<std::string, std::shared_ptr<SessionLane>> lanes;
};

// A session's lane and then its agent's index, held together: what replacing or dropping
// a session's transcript needs (no append may run meanwhile).
struct SessionHeld {
  SessionHeld(AgentSessions& agent, const std::string& key)
      : lane(agent.lane(key)), writer(lane->mutex), index(agent.mutex) {}
  std::shared_ptr<SessionLane> lane;
  std::lock_guard<std::mutex> writer;
  std::lock_guard<std::mutex> index;
};

std::string working_directory() {
  std::error_code ignored;
  return fs::current_path(ignored).string();
}

// Creates <state>/agents/<agentId>/sessions and the directories above it (0700).
Status ensure_directories(const state::StateLayout& layout, const AgentSessions& agent) {
  for (const auto& directory : {layout.root(), layout.root() / "agents",
                                layout.root() / "agents" / agent.agent_id, agent.directory}) {
    if (auto made = state::create_directory_durably(directory, state::kDirectoryMode); !made)
      return made;
  }
  return {};
}

// The transcript of an index entry: <sessionId>.jsonl in the sessions directory, or the
// file named by upstream's sessionFile (topic transcripts) when it names one there. Only the
// file name of sessionFile is used, so a moved state directory still finds its files.
fs::path transcript_path(const AgentSessions& agent, const json& value) {
  if (auto file = value.find("sessionFile"); file != value.end() && file->is_string()) {
    const fs::path name = fs::path(file->get<std::string>()).filename();
    if (name.extension() == ".jsonl") return agent.directory / name;
  }
  return agent.directory / (value.at("sessionId").get<std::string>() + ".jsonl");
}

// Starts a transcript for a new session id; returns the id.
Result<std::string> start_transcript(const state::StateLayout& layout, const AgentSessions& agent,
                                     std::int64_t now) {
  if (auto made = ensure_directories(layout, agent); !made) return std::unexpected(made.error());
  auto id = crypto::random_uuid();
  if (!id) return std::unexpected(id.error());
  const auto header = render_transcript_line(transcript_header(*id, now, working_directory()));
  if (auto created = create_transcript(agent.directory / (*id + ".jsonl"), header); !created) {
    return std::unexpected(created.error());
  }
  return *id;
}

// Puts `value` (naming the transcript just started for `session_id`) under `key` and writes
// the index; when that fails the new transcript goes again, so nothing is half-made.
Status commit_new_session(AgentSessions& agent, json& document, const std::string& key, json value,
                          const std::string& session_id) {
  document[key] = std::move(value);
  if (auto saved = agent.index.save(); !saved) {
    ::unlink((agent.directory / (session_id + ".jsonl")).c_str());
    return saved;
  }
  return {};
}

// The index entry of `key`, created (with its transcript) when absent. REQUIRES: the
// agent's mutex is held.
Result<json*> entry_or_create(const state::StateLayout& layout, AgentSessions& agent,
                              const std::string& key) {
  auto document = agent.index.load();
  if (!document) return std::unexpected(document.error());
  if (auto it = (*document)->find(key);
      it != (*document)->end() && session_entry_from_json(key, *it))
    return &*it;

  const std::int64_t now = wall_clock_ms();
  auto session_id = start_transcript(layout, agent, now);
  if (!session_id) return std::unexpected(session_id.error());
  SessionEntry entry;
  entry.key = key;
  entry.session_id = *session_id;
  entry.updated_at = now;
  entry.extra["sessionStartedAt"] = now;
  if (auto committed = commit_new_session(agent, **document, key, entry.to_json(), *session_id);
      !committed) {
    return std::unexpected(committed.error());
  }
  return &(**document)[key];
}

// Brings `lane` up to date with the transcript at `path` before an append: recreates a
// missing file with its header, cuts a torn last line, and finds the last entry id.
Status prepare_lane(SessionLane& lane, const std::string& session_id, const fs::path& path) {
  if (lane.session_id != session_id || lane.path != path) {
    lane.forget();
    lane.session_id = session_id;
    lane.path = path;
  }
  struct stat info {};
  const bool exists = ::stat(path.c_str(), &info) == 0;
  if (exists && lane.known_size == static_cast<std::uint64_t>(info.st_size)) return {};

  lane.known_size.reset();
  lane.last_entry_id.reset();
  auto size = cut_torn_tail(path);
  if (!size) return std::unexpected(size.error());
  if (!*size) {
    const auto header =
        render_transcript_line(transcript_header(session_id, wall_clock_ms(), working_directory()));
    if (auto created = create_transcript(path, header); !created) return created;
    struct stat created_info {};
    if (::stat(path.c_str(), &created_info) == 0)
      lane.known_size = static_cast<std::uint64_t>(created_info.st_size);
    return {};
  }
  auto contents = read_transcript(path);
  if (!contents) return std::unexpected(contents.error());
  for (auto it = contents->entries.rbegin(); it != contents->entries.rend(); ++it) {
    if (auto id = transcript_entry_id(*it)) {
      lane.last_entry_id = *id;
      break;
    }
  }
  lane.known_size = **size;
  return {};
}

// The entry a reset leaves behind: the same key and settings (label, thinking level, ...)
// with a new session id, fresh counters, and nothing tied to the old transcript.
json reset_entry(const std::string& key, const json* previous, const std::string& session_id,
                 std::int64_t now) {
  SessionEntry entry =
      previous ? session_entry_from_json(key, *previous).value_or(SessionEntry{}) : SessionEntry{};
  entry.key = key;
  entry.session_id = session_id;
  entry.updated_at = now;
  entry.input_tokens = entry.output_tokens = entry.total_tokens = 0;
  entry.aborted_last_run = false;
  for (const char* stale :
       {"sessionFile", "systemSent", "cacheRead", "cacheWrite", "estimatedCostUsd", "contextTokens",
        "compactionCount", "totalTokensFresh"}) {
    entry.extra.erase(stale);
  }
  entry.extra["sessionStartedAt"] = now;
  return entry.to_json();
}

// Renames a transcript away as upstream does: <file>.<reason>.<ISO time with '-' for ':'>.
// Best effort: the index no longer names the file, so a failure leaves a harmless orphan.
void archive(const fs::path& path, std::string_view reason, std::int64_t now) {
  (void)archive_transcript(
      path, fs::path(path.string() + "." + std::string(reason) + "." + archive_timestamp(now)));
}

}  // namespace

struct SessionStore::AgentIndex : AgentSessions {
  using AgentSessions::AgentSessions;
};

SessionStore::SessionStore(state::StateLayout layout) : layout_(std::move(layout)) {}
SessionStore::~SessionStore() = default;

SessionStore::AgentIndex& SessionStore::index_for(const std::string& agent_id) const {
  std::lock_guard lock(indexes_mutex_);
  auto& slot = indexes_[agent_id];
  if (!slot) slot = std::make_unique<AgentIndex>(agent_id, layout_);
  return *slot;
}

Result<SessionEntry> SessionStore::open(const SessionKey& key) {
  auto& agent = index_for(key.agent_id);
  const std::string full = key.full();
  std::lock_guard lock(agent.mutex);
  auto value = entry_or_create(layout_, agent, full);
  if (!value) return std::unexpected(value.error());
  return *session_entry_from_json(full, **value);
}

std::optional<SessionEntry> SessionStore::find(const SessionKey& key) const {
  auto& agent = index_for(key.agent_id);
  const std::string full = key.full();
  std::lock_guard lock(agent.mutex);
  auto document = agent.index.load();
  if (!document) return std::nullopt;
  auto it = (*document)->find(full);
  if (it == (*document)->end()) return std::nullopt;
  return session_entry_from_json(full, *it);
}

Status SessionStore::append(const SessionKey& key, const TranscriptMessage& message) {
  auto& agent = index_for(key.agent_id);
  const std::string full = key.full();
  auto lane = agent.lane(full);
  std::lock_guard writer(lane->mutex);

  fs::path path;
  std::string session_id;
  {
    std::lock_guard lock(agent.mutex);
    auto value = entry_or_create(layout_, agent, full);
    if (!value) return std::unexpected(value.error());
    path = transcript_path(agent, **value);
    session_id = (**value)["sessionId"].get<std::string>();
  }
  if (auto prepared = prepare_lane(*lane, session_id, path); !prepared) return prepared;

  const std::string id = message.id.empty() ? new_transcript_entry_id() : message.id;
  const std::int64_t now = wall_clock_ms();
  const auto line =
      render_transcript_line(transcript_message_entry(message, id, lane->last_entry_id, now));
  auto size = append_transcript_line(path, line);
  if (!size) {
    lane->known_size.reset();
    return std::unexpected(size.error());
  }
  lane->known_size = *size;
  lane->last_entry_id = id;

  // The index is not rewritten here: the transcript is the truth for messages, and
  // updatedAt (which only orders session lists) is bumped once per run by record_run_end,
  // which keeps a chat turn at one fsync'd append instead of an index rewrite per line.
  return {};
}

namespace {

// Applies `change` to the entry of `key` (created when absent) and writes the index.
template <class Change>
Status update_entry(const state::StateLayout& layout, AgentSessions& agent, const std::string& key,
                    Change change) {
  std::lock_guard lock(agent.mutex);
  auto value = entry_or_create(layout, agent, key);
  if (!value) return std::unexpected(value.error());
  SessionEntry entry = *session_entry_from_json(key, **value);
  change(entry);
  entry.updated_at = std::max(entry.updated_at, wall_clock_ms());
  **value = entry.to_json();
  return agent.index.save();
}

}  // namespace

Status SessionStore::record_usage(const SessionKey& key, const providers::ModelRef& model,
                                  const providers::TokenUsage& usage) {
  return update_entry(layout_, index_for(key.agent_id), key.full(), [&](SessionEntry& entry) {
    entry.input_tokens += usage.input;
    entry.output_tokens += usage.output;
    entry.total_tokens += usage.total();
    entry.model = model.model;
    entry.model_provider = model.provider;
  });
}

Status SessionStore::record_run_end(const SessionKey& key, const std::optional<providers::ModelRef>& model,
                                    const providers::TokenUsage& usage, bool aborted) {
  return update_entry(layout_, index_for(key.agent_id), key.full(), [&](SessionEntry& entry) {
    if (model) {
      entry.input_tokens += usage.input;
      entry.output_tokens += usage.output;
      entry.total_tokens += usage.total();
      entry.model = model->model;
      entry.model_provider = model->provider;
    }
    entry.aborted_last_run = aborted;
  });
}

Status SessionStore::set_aborted_last_run(const SessionKey& key, bool aborted) {
  return update_entry(layout_, index_for(key.agent_id), key.full(),
                      [&](SessionEntry& entry) { entry.aborted_last_run = aborted; });
}

Result<std::vector<TranscriptMessage>> SessionStore::history(const SessionKey& key,
                                                             std::size_t limit) const {
  auto& agent = index_for(key.agent_id);
  const std::string full = key.full();
  fs::path path;
  {
    std::lock_guard lock(agent.mutex);
    auto document = agent.index.load();
    if (!document) return std::unexpected(document.error());
    auto it = (*document)->find(full);
    if (it == (*document)->end() || !session_entry_from_json(full, *it))
      return std::vector<TranscriptMessage>{};
    path = transcript_path(agent, *it);
  }
  auto contents = read_transcript(path);
  if (!contents) return std::unexpected(contents.error());

  std::vector<TranscriptMessage> messages;
  for (const auto& entry : contents->entries) {
    if (auto message = message_from_transcript_entry(entry)) {
      message->seq = static_cast<std::int64_t>(messages.size()) + 1;
      messages.push_back(std::move(*message));
    }
  }
  if (messages.size() > limit)
    messages.erase(messages.begin(), messages.end() - static_cast<std::ptrdiff_t>(limit));
  return messages;
}

std::vector<SessionEntry> SessionStore::list(std::string_view agent_id) const {
  std::vector<std::string> agent_ids;
  if (!agent_id.empty()) {
    const std::string id = ascii_lowercase(agent_id);
    if (!is_valid_agent_id(id)) return {};  // never a path outside agents/
    agent_ids.push_back(id);
  } else {
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(layout_.root() / "agents", ec)) {
      const std::string name = item.path().filename().string();
      if (is_valid_agent_id(name) && item.is_directory(ec)) agent_ids.push_back(name);
    }
  }

  std::vector<SessionEntry> entries;
  for (const auto& id : agent_ids) {
    auto& agent = index_for(id);
    std::lock_guard lock(agent.mutex);
    auto document = agent.index.load();
    if (!document) continue;  // an unreadable index hides its sessions, not everyone's
    for (const auto& [key, value] : (*document)->items()) {
      if (auto entry = session_entry_from_json(key, value)) entries.push_back(std::move(*entry));
    }
  }
  std::stable_sort(
      entries.begin(), entries.end(), [](const SessionEntry& a, const SessionEntry& b) {
        return a.updated_at != b.updated_at ? a.updated_at > b.updated_at : a.key < b.key;
      });
  return entries;
}

Result<SessionEntry> SessionStore::reset(const SessionKey& key) {
  auto& agent = index_for(key.agent_id);
  const std::string full = key.full();
  const SessionHeld held(agent, full);

  auto document = agent.index.load();
  if (!document) return std::unexpected(document.error());
  std::optional<json> previous;
  if (auto it = (*document)->find(full);
      it != (*document)->end() && session_entry_from_json(full, *it)) {
    previous = *it;
  }
  const std::int64_t now = wall_clock_ms();
  auto session_id = start_transcript(layout_, agent, now);
  if (!session_id) return std::unexpected(session_id.error());
  const json next = reset_entry(full, previous ? &*previous : nullptr, *session_id, now);
  if (auto committed = commit_new_session(agent, **document, full, next, *session_id); !committed) {
    return std::unexpected(committed.error());
  }
  if (previous) archive(transcript_path(agent, *previous), "reset", now);
  held.lane->forget();
  return *session_entry_from_json(full, next);
}

Result<bool> SessionStore::remove(const SessionKey& key, bool delete_transcript) {
  auto& agent = index_for(key.agent_id);
  const std::string full = key.full();
  const SessionHeld held(agent, full);

  auto document = agent.index.load();
  if (!document) return std::unexpected(document.error());
  auto it = (*document)->find(full);
  if (it == (*document)->end()) return false;
  std::optional<fs::path> transcript;
  if (session_entry_from_json(full, *it)) transcript = transcript_path(agent, *it);
  (*document)->erase(it);
  if (auto saved = agent.index.save(); !saved) return std::unexpected(saved.error());
  if (delete_transcript && transcript) archive(*transcript, "deleted", wall_clock_ms());
  held.lane->forget();
  return true;
}

}  // namespace openclaw::agents
