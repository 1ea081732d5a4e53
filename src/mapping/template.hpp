#pragma once
// rml:template strings: parsed once into literal text and references; values inserted into IRIs are
// percent-encoded as RML-Core (R2RML section 7.3) says: every character outside `iunreserved`.

#include <string>
#include <string_view>
#include <vector>

namespace treatykg::mapping {

struct TemplatePart {
  bool is_reference = false;
  std::string text;  // literal text (escapes resolved) or the reference expression
};

/// A language tag RDF can carry: well-formed BCP 47 (rdf::is_valid_language_tag) whose primary
/// language subtag is one that can exist: 2-3 letters, or the `i-`/`x-` forms. 4-letter (reserved)
/// and 5-8 letter (registration only, none registered) primary subtags are rejected (legacy
/// RMLTC0015b: "english").
bool is_usable_language_tag(std::string_view tag);

/// Parses `{ref}` parts; `\{`, `\}` and `\\` stand for the character itself. Throws MappingError
/// for an unbalanced or nested brace or an empty reference.
std::vector<TemplatePart> parse_template(std::string_view text);

/// Appends `value` with every character that is not iunreserved (ALPHA, DIGIT, -._~, and non-ASCII
/// ucschar kept as UTF-8) percent-encoded as %XX (rml:IRI; RMLTC0027c keeps `Zoë`).
void append_iri_safe(std::string& out, std::string_view value);
/// The same with non-ASCII bytes encoded too (rml:URI, URI-safe; RMLTC0027a: `Zoë` -> `Zo%C3%AB`).
void append_uri_safe(std::string& out, std::string_view value);

}  // namespace treatykg::mapping
