// Where the running gateway logs: JSON lines on stdout (what containers and journald collect)
// and a size-capped rotating file in the state dir, which `logs.tail` and `openclaw logs`
// read (spec §2.3). logging.file and logging.maxFileBytes override the file's place and cap.
#pragma once

#include "core/log/logger.h"
#include "server/runtime_settings.h"

namespace openclaw::cli {

// The console logger every `gateway run` starts with (stdout, before the config is read).
log::Logger console_logger(bool verbose);

// The logger for the rest of the run: console plus the log file. When the file cannot be
// opened the gateway still runs and says so once on the console. The new logger has its own
// redactor: register secrets with it after this call.
log::Logger start_gateway_logging(const server::RuntimeSettings& settings, bool verbose, const log::Logger& console);

}  // namespace openclaw::cli
