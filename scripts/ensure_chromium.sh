#!/usr/bin/env bash
# The browser test drives Debian's Chromium through Playwright (Playwright's own browser download cannot
# run offline). Install it once when it is missing; without root or apt the browser test skips itself.
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian chromium for the browser test..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core) >/dev/null 2>&1 \
    || echo "could not install chromium; the browser test will be skipped"
else
  echo "chromium not found and cannot be installed here; the browser test will be skipped"
fi
exit 0
