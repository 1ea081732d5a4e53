#include "mapping/compression.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>

#include <memory>

#include "base/error.hpp"

namespace treatykg::mapping {

namespace {

// The libarchive functions used here, resolved from the shared library at first use.
#define TREATYKG_LIBARCHIVE_FUNCTIONS(X)     \
  X(archive_read_new)                        \
  X(archive_read_free)                       \
  X(archive_read_support_filter_all)         \
  X(archive_read_support_format_raw)         \
  X(archive_read_support_format_tar)         \
  X(archive_read_support_format_zip)         \
  X(archive_read_open_memory)                \
  X(archive_read_next_header)                \
  X(archive_read_data)                       \
  X(archive_format)                          \
  X(archive_error_string)                    \
  X(archive_entry_filetype)                  \
  X(archive_write_new)                       \
  X(archive_write_free)                      \
  X(archive_write_add_filter_gzip)           \
  X(archive_write_add_filter_xz)             \
  X(archive_write_set_format_raw)            \
  X(archive_write_set_format_zip)            \
  X(archive_write_set_format_pax_restricted) \
  X(archive_write_open_filename)             \
  X(archive_write_header)                    \
  X(archive_write_data)                      \
  X(archive_write_close)                     \
  X(archive_entry_new)                       \
  X(archive_entry_free)                      \
  X(archive_entry_set_pathname)              \
  X(archive_entry_set_size)                  \
  X(archive_entry_set_filetype)              \
  X(archive_entry_set_perm)

struct Libarchive {
#define TREATYKG_DECLARE(name) decltype(&::name) name = nullptr;
  TREATYKG_LIBARCHIVE_FUNCTIONS(TREATYKG_DECLARE)
#undef TREATYKG_DECLARE
  std::string error;  // why it could not be loaded; empty when it was
};

Libarchive open_libarchive() {
  Libarchive la;
  // Kept open for the process's life: the functions are used until exit.
  void* handle = dlopen(TREATYKG_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    la.error = std::string("compressed files need libarchive (") + TREATYKG_LIBARCHIVE_SONAME +
               "), which cannot be loaded: " + (why ? why : "unknown error");
    return la;
  }
#define TREATYKG_RESOLVE(name)                                            \
  la.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name));    \
  if (!la.name) {                                                         \
    la.error = std::string(TREATYKG_LIBARCHIVE_SONAME) + " lacks " #name; \
    return la;                                                            \
  }
  TREATYKG_LIBARCHIVE_FUNCTIONS(TREATYKG_RESOLVE)
#undef TREATYKG_RESOLVE
  return la;
}

// libarchive, loaded once (thread-safe); throws IoError naming `path` if it cannot be.
const Libarchive& libarchive(const std::string& path) {
  static const Libarchive la = open_libarchive();
  if (!la.error.empty()) throw IoError(path, la.error);
  return la;
}

}  // namespace

std::string compression_for_path(const std::string& path) {
  if (path.ends_with(".tar.gz") || path.ends_with(".tgz")) return "targz";
  if (path.ends_with(".tar.xz")) return "tarxz";
  if (path.ends_with(".gz")) return "gzip";
  if (path.ends_with(".zip")) return "zip";
  return "";
}

std::string decompress(const std::string& path, const std::string& compression,
                       const std::string& bytes) {
  const Libarchive& la = libarchive(path);
  const auto read_free = [&la](archive* a) { la.archive_read_free(a); };
  std::unique_ptr<archive, decltype(read_free)> a(la.archive_read_new(), read_free);
  const auto failure = [&] {
    return IoError(path, std::string("cannot decompress: ") + la.archive_error_string(a.get()));
  };
  // Only the containers the compression can hold: with every format allowed, libarchive took a
  // short gzipped CSV for an mtree file list and found no file in it. A gzip file is one stream,
  // or a tar whose name does not say so (its first file is read, as before).
  la.archive_read_support_filter_all(a.get());
  if (compression == "zip") {
    la.archive_read_support_format_zip(a.get());
  } else if (compression == "targz" || compression == "tarxz") {
    la.archive_read_support_format_tar(a.get());
  } else if (compression == "gzip") {
    la.archive_read_support_format_tar(a.get());
    la.archive_read_support_format_raw(a.get());
  } else {
    throw IoError(path, "unknown compression " + compression);
  }
  if (la.archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    throw failure();
  archive_entry* entry = nullptr;
  while (la.archive_read_next_header(a.get(), &entry) == ARCHIVE_OK) {
    if (la.archive_entry_filetype(entry) != AE_IFREG &&
        la.archive_format(a.get()) != ARCHIVE_FORMAT_RAW)
      continue;
    std::string out;
    char buf[65536];
    la_ssize_t n;
    while ((n = la.archive_read_data(a.get(), buf, sizeof buf)) > 0)
      out.append(buf, static_cast<std::size_t>(n));
    if (n < 0) throw failure();
    return out;
  }
  throw IoError(path, "archive holds no file");
}

void write_compressed(const std::string& path, const std::string& compression,
                      const std::string& entry_name, std::string_view data) {
  const Libarchive& la = libarchive(path);
  const auto write_free = [&la](archive* a) { la.archive_write_free(a); };
  std::unique_ptr<archive, decltype(write_free)> a(la.archive_write_new(), write_free);
  const auto failure = [&] { return IoError(path, la.archive_error_string(a.get())); };
  if (compression == "gzip") {
    la.archive_write_add_filter_gzip(a.get());
    la.archive_write_set_format_raw(a.get());
  } else if (compression == "zip") {
    la.archive_write_set_format_zip(a.get());
  } else if (compression == "targz") {
    la.archive_write_add_filter_gzip(a.get());
    la.archive_write_set_format_pax_restricted(a.get());
  } else if (compression == "tarxz") {
    la.archive_write_add_filter_xz(a.get());
    la.archive_write_set_format_pax_restricted(a.get());
  } else {
    throw IoError(path, "unknown compression " + compression);
  }
  if (la.archive_write_open_filename(a.get(), path.c_str()) != ARCHIVE_OK) throw failure();
  archive_entry* e = la.archive_entry_new();  // freed below
  la.archive_entry_set_pathname(e, entry_name.c_str());
  la.archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
  la.archive_entry_set_filetype(e, AE_IFREG);
  la.archive_entry_set_perm(e, 0644);
  const int rc = la.archive_write_header(a.get(), e);
  la.archive_entry_free(e);
  if (rc != ARCHIVE_OK) throw failure();
  if (!data.empty() && la.archive_write_data(a.get(), data.data(), data.size()) < 0)
    throw failure();
  if (la.archive_write_close(a.get()) != ARCHIVE_OK) throw failure();
}

}  // namespace treatykg::mapping
