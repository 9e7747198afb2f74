// Removing the temporaries a killed writer left behind. write_file_atomically renames its
// temporary over the target only at the end, so a process killed (SIGKILL, OOM, power cut)
// in the middle leaves ".<name>.tmp-<16 hex>" next to an intact target. Nothing else ever
// removes it, so the gateway sweeps its state directories at startup.
#pragma once

#include <cstddef>
#include <filesystem>

#include "core/util/result.h"

namespace openclaw::state {

// Removes, from `directory` (not recursively), every regular file whose name
// is_atomic_write_temporary() and that no live writer holds: a writer keeps an exclusive
// flock(2) on its temporary until the rename, so one this call can lock belongs to a dead
// process. Anything else (other names, directories, symlinks, a locked temporary) is left
// alone. Returns how many files were removed; a missing directory removes none. Fails naming
// the directory or file when it cannot be read or a stale temporary cannot be removed.
Result<std::size_t> remove_stale_temporaries(const std::filesystem::path& directory);

}  // namespace openclaw::state
