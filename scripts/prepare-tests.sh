#!/usr/bin/env bash
# Runs before `npm test` (npm's pretest): puts in place what the test suite drives, so the README's test command
# works on a fresh machine of the project's kind with nothing installed by hand.
#  - Debian's chromium (webview tests, and the browser that drives VS Code in the end-to-end tests) and
#    libkrb5-dev (code-server's install compiles the `kerberos` module), when apt-get is usable;
#  - the native TensorFlow engine (`npm run setup:native`: tfjs-node built offline against TensorFlow 2.21 from the
#    pip wheel, ~1 min the first time, instant after), so the tests exercise the product's real engine too.
# Anything that cannot be installed is reported; the tests that need it then say they are skipped and why.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then
    sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo -n"
    echo "prepare-tests: installing ${missing[*]} from Debian's packages"
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -q "${missing[@]}" >/dev/null \
      || echo "prepare-tests: WARNING: apt-get could not install ${missing[*]}; browser and VS Code tests will be skipped"
  else
    echo "prepare-tests: WARNING: ${missing[*]} missing and apt-get is not usable here; browser and VS Code tests will be skipped"
  fi
fi

node scripts/setup-native.mjs \
  || echo "prepare-tests: WARNING: the native engine could not be set up (see above); native-backend tests will be skipped"
exit 0
