#pragma once
// Civil-date arithmetic for resolving relative dates (proleptic Gregorian, days since 1970-01-01).

#include <cstdint>
#include <string>
#include <string_view>

namespace treatykg::extract::cal {

struct Ymd {
  int y = 0;
  int m = 0;  // 1..12, 0 when unknown
  int d = 0;  // 1..31, 0 when unknown
};

std::int64_t days_from_civil(int y, int m, int d) noexcept;
Ymd civil_from_days(std::int64_t z) noexcept;
/// 0 = Monday ... 6 = Sunday.
int weekday(std::int64_t days) noexcept;
int days_in_month(int y, int m) noexcept;
/// Parses "YYYY", "YYYY-MM", "YYYY-MM-DD" (fields absent stay 0); false when not a date.
bool parse_iso(std::string_view s, Ymd& out) noexcept;
std::string format(const Ymd& d);  // by precision: YYYY, YYYY-MM or YYYY-MM-DD

}  // namespace treatykg::extract::cal
