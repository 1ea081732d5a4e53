#!/usr/bin/env bash
# Load an RDF file into Apache Jena ARQ (Debian libapache-jena-java, jars only) and run every SPARQL
# query of a folder.
#
# Usage: run_jena.sh DATA_FILE QUERIES_DIR OUT_DIR
# Writes OUT_DIR/raw/<stem>.srj (Jena's own SPARQL JSON) and OUT_DIR/<stem>.tsv (normalised by
# normalize.py); a failing query leaves OUT_DIR/<stem>.error and makes the exit status 1.
#
# The Debian package has no `arq`/`sparql` commands, so this builds the classpath from /usr/share/java
# (JENA_JAVA_DIR overrides) and compiles Query.java (one JVM, data loaded once, all queries) into
# TREATYKG_JENA_WORK (default OUT_DIR/.jena).
#
# Xerces fix: jena-core 4.5 as packaged by Debian has its shaded Xerces classes in package `xerces.*`
# but the resource bundles they load (`xerces.impl.msg.XMLSchemaMessages`,
# `xerces.impl.xpath.regex.message`, ...) still under org/apache/jena/ext/xerces/. Without them the
# first use of any XSD datatype dies with ExceptionInInitializerError ("internal error" in
# XSSimpleTypeDecl.applyFacets1). We copy those .properties files to xerces/impl/... in the work
# folder and put it on the classpath.
set -euo pipefail

die() { echo "run_jena: $*" >&2; exit 1; }

[[ $# -eq 3 ]] || { echo "usage: run_jena.sh DATA_FILE QUERIES_DIR OUT_DIR" >&2; exit 2; }
data=$1 queries=$2 out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3

[[ -f $data ]] || die "$data: no such file"
[[ -d $queries ]] || die "$queries: no such folder"
case ${data,,} in
  *.ttl | *.nt | *.trig | *.nq) ;;
  *) die "$data: unknown RDF file extension (want .ttl, .nt, .trig or .nq)" ;;
esac
command -v java >/dev/null || die "java not found: install a JDK (default-jdk-headless, scripts/setup)"
command -v javac >/dev/null || die "javac not found: install a JDK (default-jdk-headless, scripts/setup)"

java_dir=${JENA_JAVA_DIR:-/usr/share/java}
[[ -f $java_dir/jena-arq.jar ]] ||
  die "Apache Jena not found ($java_dir/jena-arq.jar): install Debian libapache-jena-java (scripts/setup)"

# Jena 4.5 and its runtime dependencies (from its Debian poms), by their unversioned Debian names.
# slf4j-nop silences logging; slf4j-log4j12 and log4j-over-slf4j must NOT both be on the path (their
# delegation loop aborts start-up), which is why the path is not simply /usr/share/java/*.
required="jena-arq jena-core jena-base jena-iri slf4j-api guava commons-csv commons-io commons-lang3
  commons-codec commons-compress dexx.collection commons-cli jsonld-java gson httpclient httpcore
  jcl-over-slf4j jackson-core jackson-databind jackson-annotations titanium-json-ld jakarta.json-api
  protobuf thrift"
cp=""
for j in $required; do
  [[ -f $java_dir/$j.jar ]] || die "$java_dir/$j.jar missing (a dependency of libapache-jena-java): run scripts/setup"
  cp+="$java_dir/$j.jar:"
done
[[ -f $java_dir/slf4j-nop.jar ]] && cp+="$java_dir/slf4j-nop.jar:"

work=${TREATYKG_JENA_WORK:-$out/.jena}
mkdir -p "$work" "$out/raw"
work=$(cd "$work" && pwd)

# The Xerces resource bundles, at the package name the classes look them up by.
props=$work/xerces-props
stamp=$props/.from-$(stat -c %Y "$java_dir/jena-core.jar")
if [[ ! -f $stamp ]]; then
  rm -rf "$props"
  "$py" - "$java_dir/jena-core.jar" "$props" <<'EOF' || die "cannot extract the Xerces .properties from jena-core.jar"
import os, sys, zipfile
jar, dest = sys.argv[1], sys.argv[2]
prefix = "org/apache/jena/ext/xerces/"
n = 0
with zipfile.ZipFile(jar) as z:
    for name in z.namelist():
        if name.startswith(prefix) and name.endswith(".properties"):
            target = os.path.join(dest, "xerces", name[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(z.read(name))
            n += 1
if n == 0:
    sys.exit("no org/apache/jena/ext/xerces/*.properties in " + jar)
EOF
  touch "$stamp"
fi

# Compile Query.java when it (or Jena) is newer than the class.
classes=$work/classes
if [[ ! -f $classes/Query.class || $here/Query.java -nt $classes/Query.class ||
      $java_dir/jena-arq.jar -nt $classes/Query.class ]]; then
  mkdir -p "$classes"
  javac -nowarn -encoding UTF-8 -cp "$cp" -d "$classes" "$here/Query.java" ||
    die "javac failed on $here/Query.java"
fi

rm -f "$out"/*.tsv "$out"/*.error "$out"/raw/*.srj
status=0
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8 \
  -cp "$classes:$props:$cp" Query "$data" "$queries" "$out/raw" "$out" || status=$?
if [[ $status -ne 0 && $status -ne 1 ]]; then
  die "java exited with status $status"
fi
"$py" "$here/normalize.py" "$out/raw" "$out" || status=1
exit "$status"
