#!/usr/bin/env node
// Entry point of the `rolec` command: runs the compiled library (lib/, built by
// `npm run build`, which `npm ci` runs through `prepare`) with plain node.
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv);
