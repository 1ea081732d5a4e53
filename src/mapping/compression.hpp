#pragma once
// Compressed sources and targets (RML-IO rml:compression: gzip, zip, tar.gz, tar.xz) through
// libarchive, which is opened on first use rather than linked: only mappings that name compressed
// files need it, and linking it loads about ten more libraries (libxml2, ICU, xz, zstd, ...) at
// every start, a third of the time `treatykg --version` takes.

#include <string>
#include <string_view>

namespace treatykg::mapping {

/// The compression a file name implies ("targz", "tarxz", "gzip", "zip"), or "".
std::string compression_for_path(const std::string& path);

/// The first regular file of the archive in `bytes` (zip, targz, tarxz), or the stream a gzip file
/// holds, read from `path`. Throws IoError naming `path`: not decompressible, no file, or
/// libarchive missing.
std::string decompress(const std::string& path, const std::string& compression,
                       const std::string& bytes);

/// Compresses `data` into `path` (gzip, zip, targz, tarxz); `entry` names the member of archives.
/// Throws IoError.
void write_compressed(const std::string& path, const std::string& compression,
                      const std::string& entry, std::string_view data);

}  // namespace treatykg::mapping
