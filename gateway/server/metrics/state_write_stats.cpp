#include "server/metrics/state_write_stats.h"

#include <string>

namespace openclaw::server {

std::vector<prometheus::MetricFamily> state_write_metric_families(const state::StateWriteHealth& health) {
  prometheus::MetricFamily failures{"openclaw_state_write_failures_total",
                                    "Writes to the state directory that failed, by store",
                                    prometheus::MetricType::Counter,
                                    {}};
  const auto counts = health.failures();
  for (std::size_t i = 0; i < state::kStateStores.size(); ++i) {
    prometheus::ClientMetric metric;
    metric.label.push_back({"store", std::string(state::kStateStores[i])});
    metric.counter.value = static_cast<double>(counts[i]);
    failures.metric.push_back(std::move(metric));
  }
  prometheus::ClientMetric writable;
  writable.gauge.value = health.unwritable() ? 0 : 1;
  prometheus::MetricFamily writable_family{
      "openclaw_state_writable",
      "1 while the state directory takes writes; 0 after a write failed for lack of space, "
      "a read-only file system or permissions, until a write succeeds again",
      prometheus::MetricType::Gauge,
      {writable}};
  return {std::move(failures), std::move(writable_family)};
}

}  // namespace openclaw::server
