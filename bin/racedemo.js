#!/usr/bin/env node
// The installed command. `--help`, `--version` and `list` are answered from
// texts generated at build time, without loading the program (start-up time);
// everything else runs the compiled CLI.
import { answerAtStartup } from '../dist/src/cli/startup/fast.js';

process.exitCode = answerAtStartup(process.argv) ?? (await (await import('../dist/src/cli/program.js')).main(process.argv));
