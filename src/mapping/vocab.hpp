#pragma once
// IRIs of the RML vocabulary (current namespace) and of the vocabularies the legacy form used.

#include <string>

namespace treatykg::mapping::vocab {

inline const std::string kRml = "http://w3id.org/rml/";
inline const std::string kRr = "http://www.w3.org/ns/r2rml#";
inline const std::string kRmlLegacy = "http://semweb.mmlab.be/ns/rml#";
inline const std::string kQl = "http://semweb.mmlab.be/ns/ql#";
inline const std::string kFnmlLegacy = "http://semweb.mmlab.be/ns/fnml#";
inline const std::string kTkgm = "https://w3id.org/treatykg/mapping#";
inline const std::string kFactStream = kTkgm + "FactStream";
inline const std::string kFormats = "http://www.w3.org/ns/formats/";
inline const std::string kGrel = "http://users.ugent.be/~bjdmeest/function/grel.ttl#";
inline const std::string kIdlabFn = "https://w3id.org/imec/idlab/function#";

inline std::string rml(const char* local) {
  return kRml + local;
}

}  // namespace treatykg::mapping::vocab
