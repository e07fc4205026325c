#!/usr/bin/env bash
# Regenerates everything derived from contracts/solidity: the ABI + bytecode artifacts (solc-js, pinned in
# package.json) and the web3j wrappers (web3j codegen, pinned by ${web3j.version} in the root pom).
# ContractArtifactsDriftTest fails when the committed output differs from what this script writes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"

main_res="$here/src/main/resources/dev/tollgate/contracts"
test_res="$here/src/test/resources/dev/tollgate/contracts"
package="dev.tollgate.contracts.generated"

if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules" ]; then
  npm ci --prefix "$here" --no-audit --no-fund
fi

rm -f "$main_res"/*.json "$test_res"/*.json
node "$here/compile.mjs" "$main_res" "$test_res"

classpath_file="$here/tools/target/codegen.classpath"
"$repo/mvnw" -q -B -f "$here/tools/pom.xml" dependency:build-classpath -Dmdep.outputFile="$classpath_file"
codegen_cp="$(cat "$classpath_file")"
java -cp "$codegen_cp" "$here/tools/GenerateWrappers.java" "$package" \
  "$main_res" "$here/src/main/java" "$test_res" "$here/src/test/java"
echo "contracts regenerated: $(ls "$main_res" "$test_res" | grep -c json) artifacts"
