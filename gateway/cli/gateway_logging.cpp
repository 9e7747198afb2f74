#include "cli/gateway_logging.h"

#include <unistd.h>

#include "core/log/rotating_file_sink.h"

namespace openclaw::cli {
namespace {

std::shared_ptr<log::LogSink> stdout_sink() {
  static auto sink = std::make_shared<log::FdSink>(STDOUT_FILENO);
  return sink;
}

}  // namespace

log::Logger console_logger(bool verbose) {
  log::LoggerOptions options;
  options.sink = stdout_sink();
  options.min_level = verbose ? log::Level::debug : log::Level::info;
  return log::Logger(options).with_subsystem("gateway");
}

log::Logger start_gateway_logging(const server::RuntimeSettings& settings, bool verbose, const log::Logger& console) {
  const auto& logging = settings.config.logging;
  log::RotatingFileOptions file;
  file.path = settings.layout.gateway_log(logging.file);
  if (logging.max_file_bytes && *logging.max_file_bytes > 0) {
    file.max_bytes = static_cast<std::uint64_t>(*logging.max_file_bytes);
  }
  auto sink = log::RotatingFileSink::open(file);
  if (!sink) {
    console.warn("logging to the console only: " + sink.error().message);
    return console;
  }
  log::LoggerOptions options;
  options.sink = std::make_shared<log::TeeSink>(std::vector<std::shared_ptr<log::LogSink>>{stdout_sink(), *sink});
  options.min_level = verbose ? log::Level::debug : log::Level::info;
  log::Logger logger(options);
  log::set_default_logger(logger);
  return logger.with_subsystem("gateway");
}

}  // namespace openclaw::cli
