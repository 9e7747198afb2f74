// The file-system pieces doctor's state checks and repairs share: reading and tightening
// permission bits, and creating private directories owned by the state directory's owner.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "cli/shell_quote.h"
#include "core/state/atomic_file.h"
#include "core/util/result.h"

namespace openclaw::cli::doctor {

// The permission bits (0777) of `path` itself (a symlink is not followed); nullopt when it
// does not exist or cannot be examined.
std::optional<mode_t> permission_bits(const std::filesystem::path& path);

// True when group or others have any permission: the state directory keeps everything to its
// owner (dirs 0700, files 0600).
inline bool too_open(mode_t mode) { return (mode & 077) != 0; }

// "755", "644": how modes appear in messages and chmod commands.
std::string octal(mode_t mode);

// chmod `path` to `mode`. Fails with "cannot chmod 700 <path>: <reason>".
Status set_mode(const std::filesystem::path& path, mode_t mode);

// The owner a file or directory that doctor creates in the state directory should have:
// the state directory's owner when this process runs as root and the directory belongs to
// someone else (a root `doctor --fix` must not leave directories the gateway's user cannot
// write, operator-pain C1); nullopt otherwise (the creator owns it).
std::optional<state::FileOwner> owner_for_new_files(const std::filesystem::path& state_root);

// Creates the directory `path` (its parent must exist) with mode 0700 and hands it to
// `owner` when given. Fails naming the path and the reason.
Status create_private_directory(const std::filesystem::path& path,
                                const std::optional<state::FileOwner>& owner);

}  // namespace openclaw::cli::doctor
