// Can the user the gateway runs as read a secret file the config points at? The provisioner
// often runs as root (a compose init service, a cloud-init step) and reads every file; the
// gateway later runs as `owner` and may not. Docker Compose bind-mounts file secrets with the
// host file's owner and mode, so a root-owned 0600 secret provisions fine and then leaves the
// gateway unable to start (operator-pain B3/C1). Checking now turns that into a provisioning
// error that names the file and the fix.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/state/atomic_file.h"
#include "core/util/result.h"
#include "provision/spec.h"

namespace openclaw::provision {

// Ok when `owner` may read `path` by its permission bits (user, group or other class, as the
// kernel picks the class) and may search every directory above it. The owner's
// supplementary groups are not known here, so only its primary group counts; uid 0 is
// always ok. Fails when a path element cannot be stat'ed or the bits deny access, with
// `field`, the path, the element's owner and mode, and the commands that fix it; never
// the file's content.
Status check_owner_can_read(const std::filesystem::path& path, const state::FileOwner& owner,
                            std::string_view field);

// check_owner_can_read for every secret file the spec makes the gateway read (tokenFile,
// passwordFile, metrics tokenFile, each provider's apiKeyFile). Ok without spec.owner, and
// when the provisioner itself runs as the owner: its own read of the files already proved
// access. Fails on the first file the owner cannot read.
Status check_secret_files_readable_by_owner(const ProvisionSpec& spec);

}  // namespace openclaw::provision
