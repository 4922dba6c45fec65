#!/bin/sh
# Re-fetches the console's one vendored library from the npm registry and checks it is the file
# checked in: htm 3.1.1's preact/standalone.module.js (Preact 10 + hooks + htm in one 13 KB ES
# module, no build step). To move to a new release, change VERSION and SHA256 together.
set -eu
VERSION=3.1.1
SHA256=72284e8e9079c87817145df1110f74e8a2aa040b2fc384922e18dfcb46fc1fd7
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/io/zeta/web/ui/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htm@$VERSION" >/dev/null && tar xzf "htm-$VERSION.tgz")
echo "$SHA256  $tmp/package/preact/standalone.module.js" | sha256sum -c -
cp "$tmp/package/preact/standalone.module.js" "$out/htm-preact.js"
cp "$tmp/package/LICENSE" "$out/license-htm.txt"
echo "vendored htm@$VERSION preact/standalone.module.js into $out"
