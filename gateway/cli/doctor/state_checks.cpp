#include "cli/doctor/state_checks.h"

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/doctor/file_repairs.h"
#include "core/state/file_reader.h"

namespace openclaw::cli::doctor {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxSessionStoreBytes = 64 * 1024 * 1024;

std::string provision_command(const DoctorInputs& inputs) {
  return "openclaw-provision apply --state-dir " + shell_quote(inputs.layout.root().string());
}

// How upstream and the runbooks name a directory ("CRITICAL: OAuth dir missing (...)").
std::string directory_label(const state::StateLayout& layout, const fs::path& directory) {
  if (directory == layout.credentials_dir()) return "OAuth dir";
  if (directory == layout.identity_dir()) return "Identity dir";
  if (directory == layout.devices_dir()) return "Devices dir";
  if (directory == layout.cron_dir()) return "Cron dir";
  if (directory == layout.logs_dir()) return "Logs dir";
  if (directory == layout.workspace_dir()) return "Workspace dir";
  if (directory == layout.metrics_dir()) return "Metrics dir";
  if (directory == layout.root() / "agents") return "Agents dir";
  if (directory.filename() == "sessions") return "Session store dir";
  if (directory.filename() == "agent") return "Agent dir";
  return "Directory";
}

class StateChecker {
 public:
  StateChecker(const DoctorInputs& inputs, const DoctorOptions& options, Findings& findings)
      : inputs_(inputs),
        options_(options),
        findings_(findings),
        layout_(inputs.layout),
        owner_(owner_for_new_files(inputs.layout.root())) {}

  void run() {
    if (!check_root()) return;
    check_required_directories();
    check_credentials_tree();
    check_private_files();
    check_session_stores();
    if (mode_findings_ == 0) {
      findings_.ok("state.modes", kStateSection, "Private directories are 700 and state files 600");
    }
  }

 private:
  // False when there is no state directory to look into.
  bool check_root() {
    const fs::path& root = layout_.root();
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
      if (fs::exists(root, ec)) {
        findings_.error("state.dir.not-directory", kStateSection,
                        root.string() + " exists but is not a directory.",
                        "move it aside, then: " + provision_command(inputs_));
      } else {
        findings_.error("state.dir.missing", kStateSection,
                        "CRITICAL: state directory missing (" + root.string() +
                            "). Sessions, credentials, logs, and config are stored there.",
                        provision_command(inputs_));
      }
      return false;
    }
    struct stat info {};
    ::stat(root.c_str(), &info);
    bool writable = ::access(root.c_str(), W_OK) == 0;
    if (!writable) {
      const bool ours = info.st_uid == ::geteuid();
      auto& finding = findings_.error(
          "state.dir.not-writable", kStateSection,
          "State directory not writable (" + root.string() + ")." +
              (ours ? "" : " Owner mismatch (uid " + std::to_string(info.st_uid) + ")."),
          ours ? "chmod u+rwx " + shell_quote(root.string())
               : "sudo chown -R $USER " + shell_quote(root.string()));
      if (ours) {
        finding.fixable = true;
        if (options_.fix) {
          repair(finding, set_mode(root, (info.st_mode & 0777) | 0700),
                 "Repaired permissions on " + root.string());
          writable = finding.fixed;
        }
      }
    }
    const bool open = check_directory_mode(root, "State directory");
    if (writable && !open)
      findings_.ok("state.dir", kStateSection, root.string() + " exists, is writable and 700");
    return true;
  }

  // Reports a directory whose mode lets group or others in; true when it did.
  bool check_directory_mode(const fs::path& directory, const std::string& label) {
    auto mode = permission_bits(directory);
    if (!mode || !too_open(*mode)) return false;
    ++mode_findings_;
    auto& finding = findings_.warn(
        directory == layout_.root() ? "state.dir.mode" : "state.directory.mode", kStateSection,
        label + " permissions are too open (" + directory.string() + ", mode " + octal(*mode) +
            "). Recommend chmod 700.",
        "chmod 700 " + shell_quote(directory.string()));
    finding.fixable = true;
    if (options_.fix) {
      repair(finding, set_mode(directory, state::kDirectoryMode),
             "Tightened permissions on " + directory.string() + " to 700");
    }
    return true;
  }

  void check_file_mode(const fs::path& file, const std::string& label) {
    struct stat info {};
    if (::lstat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
      return;  // symlinks: their target's business
    const mode_t mode = info.st_mode & 0777;
    if (!too_open(mode)) return;
    ++mode_findings_;
    auto& finding = findings_.warn("state.file.mode", kStateSection,
                                   label + " is group/world accessible (" + file.string() +
                                       ", mode " + octal(mode) + "). Recommend chmod 600.",
                                   "chmod 600 " + shell_quote(file.string()));
    finding.fixable = true;
    if (options_.fix) {
      repair(finding, set_mode(file, state::kFileMode),
             "Tightened permissions on " + file.string() + " to 600");
    }
  }

  void check_required_directories() {
    std::size_t missing = 0;
    const auto directories = layout_.required_directories(inputs_.agent_ids);
    for (const auto& directory : directories) {
      if (directory == layout_.root()) continue;
      const std::string label = directory_label(layout_, directory);
      std::error_code ec;
      const auto status = fs::symlink_status(directory, ec);
      if (!fs::exists(status)) {
        ++missing;
        auto& finding =
            findings_.error("state.directory.missing", kStateSection,
                            "CRITICAL: " + label + " missing (" + directory.string() + ").",
                            "mkdir -m 700 -p " + shell_quote(directory.string()));
        finding.fixable = true;
        if (options_.fix) {
          repair(finding, create_private_directory(directory, owner_),
                 "Created " + label + ": " + directory.string());
        }
      } else if (!fs::is_directory(directory, ec)) {
        ++missing;
        findings_.error(
            "state.directory.not-directory", kStateSection,
            "CRITICAL: " + label + " " + directory.string() + " exists but is not a directory.",
            "move " + shell_quote(directory.string()) + " aside, then: openclaw doctor --fix");
      } else {
        check_directory_mode(directory, label);
      }
    }
    if (missing == 0) {
      findings_.ok("state.directories", kStateSection,
                   "All " + std::to_string(directories.size()) + " required directories present");
    }
  }

  // credentials/ holds channel credentials in subdirectories (whatsapp/<account>/creds.json).
  void check_credentials_tree() {
    std::error_code ec;
    fs::recursive_directory_iterator it(layout_.credentials_dir(), ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const auto& entry = *it;
      std::error_code type_ec;
      if (entry.is_symlink(type_ec)) continue;
      if (entry.is_directory(type_ec)) {
        check_directory_mode(entry.path(), "Credentials dir");
      } else {
        check_file_mode(entry.path(), "Credential file");
      }
    }
  }

  void check_files_in(const fs::path& directory, const std::string& label) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
      check_file_mode(entry.path(), label);
    }
  }

  void check_private_files() {
    check_file_mode(inputs_.config_path, "Config file");
    check_files_in(layout_.identity_dir(), "Identity file");
    check_files_in(layout_.devices_dir(), "Device store file");
    for (const auto& agent : inputs_.agent_ids) {
      check_files_in(layout_.agent_dir(agent), "Agent file");
      check_file_mode(layout_.sessions_dir(agent) / "sessions.json", "Session store");
    }
  }

  void check_session_stores() {
    for (const auto& agent : inputs_.agent_ids) {
      const fs::path store = layout_.sessions_dir(agent) / "sessions.json";
      std::error_code ec;
      if (!fs::exists(fs::symlink_status(store, ec))) continue;
      const std::string remedy = "restore " + shell_quote(store.string()) +
                                 " from a backup, or move it aside (doctor never rewrites it)";
      auto text = state::read_file_limited(store, kMaxSessionStoreBytes);
      if (!text) {
        findings_.warn("state.session-store.unreadable", kStateSection,
                       "Session store unreadable (" + store.string() + "): " + text.error().reason +
                           ". The gateway treats it as empty, so sessions appear reset.",
                       remedy);
        continue;
      }
      auto parsed = nlohmann::json::parse(*text, nullptr, false);
      if (parsed.is_discarded() || !parsed.is_object()) {
        findings_.warn("state.session-store.invalid", kStateSection,
                       "Session store is not " +
                           std::string(parsed.is_discarded() ? "valid JSON" : "a JSON object") +
                           " (" + store.string() +
                           "). The gateway treats it as empty, so sessions appear reset.",
                       remedy);
        continue;
      }
      findings_.ok(
          "state.session-store", kStateSection,
          "Session store " + store.string() + ": " + std::to_string(parsed.size()) + " session(s)");
    }
  }

  void repair(Finding& finding, const Status& outcome, const std::string& done) {
    if (outcome) {
      finding.fixed = true;
      finding.fix_note = done;
    } else {
      finding.fix_note = "could not repair: " + outcome.error().message;
    }
  }

  const DoctorInputs& inputs_;
  const DoctorOptions& options_;
  Findings& findings_;
  const state::StateLayout& layout_;
  const std::optional<state::FileOwner> owner_;
  std::size_t mode_findings_ = 0;
};

}  // namespace

void check_state_integrity(const DoctorInputs& inputs, const DoctorOptions& options,
                           Findings& findings) {
  StateChecker(inputs, options, findings).run();
}

}  // namespace openclaw::cli::doctor
