#include "cli/status/local_target.h"

namespace openclaw::cli::status {

std::filesystem::path gateway_log_file(const LocalGateway& local) {
  return local.layout.gateway_log(local.loaded ? local.loaded->config.logging.file : std::nullopt);
}

std::string expected_target(const NetworkOptions& options, const LocalGateway& local) {
  return options.url.value_or(local.probe_url);
}

}  // namespace openclaw::cli::status
