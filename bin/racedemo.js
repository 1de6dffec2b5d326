#!/usr/bin/env node
// The installed command: everything lives in the compiled CLI.
import { main } from '../dist/src/cli/program.js';

process.exitCode = await main(process.argv);
