// The state directory's write health (core/state/write_health.h) as metrics, read when the
// metrics are scraped: openclaw_state_write_failures_total{store} (counter; store is one of
// state::kStateStores, every one listed from the start) and openclaw_state_writable (gauge:
// 1 while writes succeed, 0 from a failed write with ENOSPC, EROFS, EACCES, ... until a
// write or the periodic probe succeeds again).
#pragma once

#include <prometheus/metric_family.h>

#include <vector>

#include "core/state/write_health.h"

namespace openclaw::server {

std::vector<prometheus::MetricFamily> state_write_metric_families(const state::StateWriteHealth& health);

}  // namespace openclaw::server
