#include "provision/run_metrics.h"

#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <sstream>

namespace openclaw::provision {

namespace {
// Every kind is always present, so a dashboard sees an explicit 0 rather than no series.
constexpr const char* kChangeKinds[] = {"directory", "permissions", "owner",    "config",
                                        "credential", "device",     "identity", "auth_profile"};
}  // namespace

std::string render_run_metrics(const RunRecord& record) {
  prometheus::Registry registry;
  prometheus::BuildGauge()
      .Name("openclaw_provision_last_run_timestamp_seconds")
      .Help("Unix time when the last openclaw-provision run started")
      .Register(registry)
      .Add({})
      .Set(record.started_at_seconds);
  prometheus::BuildGauge()
      .Name("openclaw_provision_last_run_success")
      .Help("1 if the last openclaw-provision run succeeded, 0 if it failed")
      .Register(registry)
      .Add({})
      .Set(record.success ? 1 : 0);
  prometheus::BuildGauge()
      .Name("openclaw_provision_last_run_duration_seconds")
      .Help("How long the last openclaw-provision run took")
      .Register(registry)
      .Add({})
      .Set(record.duration_seconds);
  auto& changes = prometheus::BuildGauge()
                      .Name("openclaw_provision_changes")
                      .Help("Changes made by the last openclaw-provision run, by kind")
                      .Register(registry);
  for (const char* kind : kChangeKinds) {
    auto it = record.changes_by_kind.find(kind);
    changes.Add({{"kind", kind}}).Set(it == record.changes_by_kind.end() ? 0 : it->second);
  }
  prometheus::BuildGauge()
      .Name("openclaw_provision_info")
      .Help("Version of openclaw-provision and fingerprint of the spec it applied")
      .Register(registry)
      .Add({{"version", OPENCLAW_VERSION},
            {"spec_fingerprint", record.spec_fingerprint},
            {"command", record.command}})
      .Set(1);
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry.Collect());
  return out.str();
}

Status write_run_metrics(const std::filesystem::path& file, const RunRecord& record,
                         const std::optional<state::FileOwner>& owner) {
  state::WriteOptions options;
  options.mode = 0644;  // the collector usually runs as another user; nothing secret here
  options.owner = owner;
  return state::write_file_atomically(file, render_run_metrics(record), options);
}

}  // namespace openclaw::provision
