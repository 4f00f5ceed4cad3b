import fs from 'node:fs';

/** Debian's Chromium: the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether the browser tests can run on this machine. */
export const hasChromium = fs.existsSync(CHROMIUM_PATH);
