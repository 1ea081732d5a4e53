#include "extract/calendar.hpp"

#include <cstdio>

#include "text/document.hpp"

namespace treatykg::extract::cal {

std::int64_t days_from_civil(int y, int m, int d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Ymd civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Ymd{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int weekday(std::int64_t days) noexcept {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  std::int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

int days_in_month(int y, int m) noexcept {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[(m - 1) % 12];
}

bool parse_iso(std::string_view s, Ymd& out) noexcept {
  if (!text::is_iso_date(s)) return false;
  auto num = [&](std::size_t b, std::size_t n) {
    int v = 0;
    for (std::size_t i = b; i < b + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  out = Ymd{num(0, 4), s.size() >= 7 ? num(5, 2) : 0, s.size() >= 10 ? num(8, 2) : 0};
  return true;
}

std::string format(const Ymd& d) {
  // Digits by hand: snprintf parses its format on every call, and every dated fact formats dates.
  auto in = [](int v, int lo, int hi) { return v >= lo && v <= hi; };
  if (in(d.y, 0, 9999) && in(d.m, 0, 99) && in(d.d, 0, 99)) {
    char buf[10];
    auto two = [](char* p, int v) {
      p[0] = static_cast<char>('0' + v / 10);
      p[1] = static_cast<char>('0' + v % 10);
    };
    two(buf, d.y / 100);
    two(buf + 2, d.y % 100);
    if (d.m == 0) return std::string(buf, 4);
    buf[4] = '-';
    two(buf + 5, d.m);
    if (d.d == 0) return std::string(buf, 7);
    buf[7] = '-';
    two(buf + 8, d.d);
    return std::string(buf, 10);
  }
  char buf[40];
  if (d.m == 0)
    std::snprintf(buf, sizeof buf, "%04d", d.y);
  else if (d.d == 0)
    std::snprintf(buf, sizeof buf, "%04d-%02d", d.y, d.m);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d);
  return buf;
}

}  // namespace treatykg::extract::cal
