#!/usr/bin/env node
// Entry point of the `rolec` command: runs the TypeScript sources through tsx's loader
// (a runtime dependency), so that there is no separate compile step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
