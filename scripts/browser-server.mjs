// browser-server.mjs FILE - one headless chromium for the whole browser test
// level (issue #11: a launch per test file cost 1-3 s of CPU each). Started
// and stopped by scripts/run-tests.sh; writes the server's WebSocket endpoint
// into FILE (atomically: a reader never sees half of it), and test files
// connect to it (tests/e2e/browser.mjs launch, TB_BROWSER_WS). Exits, closing
// chromium, on SIGTERM or SIGINT.
import { chromium } from 'playwright-core';
import { writeFileSync, renameSync } from 'node:fs';
import { LAUNCH_OPTIONS } from '../tests/e2e/browser.mjs';

const file = process.argv[2];
if (!file) { console.error('usage: node scripts/browser-server.mjs FILE'); process.exit(2); }
const server = await chromium.launchServer(LAUNCH_OPTIONS);
writeFileSync(`${file}.tmp`, server.wsEndpoint());
renameSync(`${file}.tmp`, file);
const stop = async () => { await server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
