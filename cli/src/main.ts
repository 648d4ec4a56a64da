// Entry point of the `treaty` command (bin/treaty.js loads tsx and calls main()).
import { defaultDeps } from './io.ts';
import { runCli } from './program.ts';

export async function main(argv: string[] = process.argv): Promise<number> {
  return runCli(argv, defaultDeps());
}
