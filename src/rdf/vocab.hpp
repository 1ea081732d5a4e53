#pragma once
// IRIs of the W3C vocabularies the code refers to by name.

namespace treatykg::rdf::vocab {

inline constexpr const char* kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr const char* kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr const char* kRdfFirst = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
inline constexpr const char* kRdfRest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
inline constexpr const char* kRdfNil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
inline constexpr const char* kRdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
inline constexpr const char* kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
inline constexpr const char* kXsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr const char* kXsdString = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr const char* kXsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
inline constexpr const char* kXsdDouble = "http://www.w3.org/2001/XMLSchema#double";
inline constexpr const char* kXsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
inline constexpr const char* kXsdDate = "http://www.w3.org/2001/XMLSchema#date";
inline constexpr const char* kOwl = "http://www.w3.org/2002/07/owl#";
inline constexpr const char* kSkos = "http://www.w3.org/2004/02/skos/core#";

}  // namespace treatykg::rdf::vocab
