// Browser tests need a Chromium. Playwright's own download cannot be used here,
// so they run Debian's package: install it with apt when it is missing and we can.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH is set to ${path}, but there is no file there. Point it at a Chromium or Chrome binary.`);
  process.exit(1);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = isRoot ? '' : 'sudo -n ';
console.log(`No Chromium at ${path}: installing Debian's chromium package with apt-get…`);
try {
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, { stdio: 'inherit' });
} catch {
  console.error(
    'Could not install chromium with apt-get. Install it yourself (apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
  process.exit(1);
}
if (!existsSync(path)) {
  console.error(`chromium was installed but ${path} is still missing: set CHROMIUM_PATH.`);
  process.exit(1);
}
